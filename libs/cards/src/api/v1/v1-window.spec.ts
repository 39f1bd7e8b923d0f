import { readWindow } from './v1-window';

const ITEMS = Array.from({ length: 25 }, (_, index) => index);

function pages(pageSize: number) {
  const read: number[] = [];
  const readPage = async (page: number, size: number) => {
    read.push(page);

    return { items: ITEMS.slice(page * size, (page + 1) * size) };
  };

  return { read, readPage, pageSize };
}

describe('readWindow', () => {
  it('reads one aligned page', async () => {
    const source = pages(10);

    expect(await readWindow(10, 10, source.pageSize, source.readPage)).toEqual(ITEMS.slice(10, 20));
    expect(source.read).toEqual([1]);
  });

  it('joins the pages a window spans', async () => {
    const source = pages(10);

    expect(await readWindow(7, 6, source.pageSize, source.readPage)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(source.read).toEqual([0, 1]);
  });

  it('reads a limit larger than a page', async () => {
    const source = pages(10);

    expect(await readWindow(3, 21, source.pageSize, source.readPage)).toEqual(ITEMS.slice(3, 24));
    expect(source.read).toEqual([0, 1, 2]);
  });

  it('stops at the end of the list', async () => {
    const source = pages(10);

    expect(await readWindow(20, 50, source.pageSize, source.readPage)).toEqual(ITEMS.slice(20));
    expect(source.read).toEqual([2]);
  });

  it('returns nothing past the end', async () => {
    const source = pages(10);

    expect(await readWindow(40, 5, source.pageSize, source.readPage)).toEqual([]);
  });
});

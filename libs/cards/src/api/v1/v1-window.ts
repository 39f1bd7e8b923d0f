/**
 * Reads the V1 window [offset, offset + limit) from zero-based pages of `pageSize` items, reading only the
 * pages that overlap it and stopping at the first short page.
 */
export async function readWindow<T>(
  offset: number,
  limit: number,
  pageSize: number,
  readPage: (page: number, size: number) => Promise<{ items: T[] }>,
): Promise<T[]> {
  const first = Math.floor(offset / pageSize);
  const last = Math.floor((offset + limit - 1) / pageSize);
  const items: T[] = [];
  for (let page = first; page <= last; page++) {
    const { items: pageItems } = await readPage(page, pageSize);
    items.push(...pageItems);
    if (pageItems.length < pageSize) break;
  }
  const start = offset - first * pageSize;

  return items.slice(start, start + limit);
}

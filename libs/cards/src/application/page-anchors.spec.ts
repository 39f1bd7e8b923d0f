import { PageAnchors } from './page-anchors';

describe('PageAnchors', () => {
  it('returns the anchor stored for a list and page', () => {
    const anchors = new PageAnchors();
    anchors.set('cards:1', 0, { sortValue: '2026-01-01', id: 'a' });
    expect(anchors.get('cards:1', 0)).toEqual({ sortValue: '2026-01-01', id: 'a' });
    expect(anchors.get('cards:1', 1)).toBeUndefined();
    expect(anchors.get('cards:2', 0)).toBeUndefined();
  });

  it('evicts the least recently stored anchor beyond its capacity', () => {
    const anchors = new PageAnchors();
    for (let page = 0; page <= 20_000; page++) anchors.set('persons:1', page, { sortValue: String(page), id: String(page) });
    expect(anchors.get('persons:1', 0)).toBeUndefined();
    expect(anchors.get('persons:1', 1)).toEqual({ sortValue: '1', id: '1' });
    expect(anchors.get('persons:1', 20_000)).toEqual({ sortValue: '20000', id: '20000' });
  });
});

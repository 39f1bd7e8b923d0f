/** The sort value and id of the last row of a page, from which the next page is sought. */
export interface PageAnchor {
  sortValue: string;
  id: string;
}

/** Anchors kept per instance; each costs a few hundred bytes. */
const MAX_ANCHORS = 20_000;

/**
 * Remembers where each recently served page ended, so that the page after it is read with a keyset
 * condition (`(sort, id) > anchor`) on the sort index in place of OFFSET. Clients walk lists page by
 * page, so most requests for page N + 1 find the anchor of page N. This is one instance's memory;
 * PageAnchorStore adds the anchors other instances shared. A miss falls back to OFFSET, which returns
 * the same rows unless the list changed in between.
 */
export class PageAnchors {
  private readonly anchors = new Map<string, PageAnchor>();

  get(list: string, page: number): PageAnchor | undefined {
    return this.anchors.get(`${list}#${page}`);
  }

  set(list: string, page: number, anchor: PageAnchor): void {
    const key = `${list}#${page}`;
    this.anchors.delete(key);
    this.anchors.set(key, anchor);
    if (this.anchors.size > MAX_ANCHORS) this.anchors.delete(this.anchors.keys().next().value as string);
  }
}

import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@escr/kernel';
import { PageAnchor, PageAnchors } from './page-anchors.js';

/**
 * Anchors of pages whose next page starts at least this many rows in are shared through PostgreSQL.
 * Nearer the start, an OFFSET read of the index costs about what the shared anchor's round trip costs.
 */
export const SHARED_ANCHOR_MIN_OFFSET = 1_000;
/** Shared anchors older than this are ignored and then deleted. */
const ANCHOR_TTL_MINUTES = 60;
const PURGE_INTERVAL_MS = 10 * 60_000;

/** The nearest shared anchor at or before a page, on the primary key read backwards. */
const READ_NEAREST_ANCHOR = `
  SELECT page, sort_value AS "sortValue", row_id AS id FROM cards.page_anchor
   WHERE list_key = $1 AND page <= $2 AND stored_at > now() - make_interval(mins => $3::integer)
   ORDER BY page DESC
   LIMIT 1`;
const STORE_ANCHOR = `
  INSERT INTO cards.page_anchor (list_key, page, sort_value, row_id) VALUES ($1, $2, $3, $4)
  ON CONFLICT (list_key, page) DO UPDATE SET sort_value = excluded.sort_value, row_id = excluded.row_id, stored_at = now()`;
const PURGE_ANCHORS = 'DELETE FROM cards.page_anchor WHERE stored_at <= now() - make_interval(mins => $1::integer)';

/**
 * Store of the places where served list pages ended, from which the next page is sought (see PageAnchors).
 * Each instance keeps its own anchors in memory. Anchors far enough into a list also go to cards.page_anchor,
 * because a client walking a long list may send each request to another instance. A page whose
 * predecessor no instance served starts from the nearest shared anchor before it, so OFFSET only covers
 * the pages in between. A failure to share an anchor is logged and does not fail the page.
 */
@Injectable()
export class PageAnchorStore {
  private readonly logger = new Logger(PageAnchorStore.name);
  private readonly local = new PageAnchors();
  private nextPurgeAt = 0;

  constructor(private readonly transactions: TransactionHost) {}

  /**
   * Returns the anchor of a page, or failing that the nearest shared anchor before it, with the page it
   * ends. `nextOffset` is the row at which the page after the requested one starts.
   */
  async nearest(list: string, page: number, nextOffset: number): Promise<{ page: number; anchor: PageAnchor } | undefined> {
    const local = this.local.get(list, page);
    if (local) return { page, anchor: local };
    if (nextOffset < SHARED_ANCHOR_MIN_OFFSET) return undefined;

    const [shared] = await this.transactions.queryPrepared<PageAnchor & { page: number }>('cards.read-nearest-page-anchor', READ_NEAREST_ANCHOR, [
      listKey(list),
      page,
      ANCHOR_TTL_MINUTES,
    ]);
    if (!shared) return undefined;

    const anchor = { sortValue: shared.sortValue, id: shared.id };
    if (shared.page === page) this.local.set(list, page, anchor);

    return { page: shared.page, anchor };
  }

  async set(list: string, page: number, nextOffset: number, anchor: PageAnchor): Promise<void> {
    this.local.set(list, page, anchor);
    if (nextOffset < SHARED_ANCHOR_MIN_OFFSET) return;

    try {
      await this.transactions.queryPrepared('cards.store-page-anchor', STORE_ANCHOR, [listKey(list), page, anchor.sortValue, anchor.id]);
      if (Date.now() >= this.nextPurgeAt) {
        this.nextPurgeAt = Date.now() + PURGE_INTERVAL_MS;
        await this.transactions.queryPrepared('cards.purge-page-anchors', PURGE_ANCHORS, [ANCHOR_TTL_MINUTES]);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not share a list page anchor; other instances will use OFFSET');
    }
  }
}

/** Hashes a list description, which may hold long search terms, into a fixed-length key. */
function listKey(list: string): string {
  return createHash('sha256').update(list).digest('base64url');
}

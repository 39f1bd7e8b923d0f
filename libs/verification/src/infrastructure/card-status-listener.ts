import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '@escr/kernel';
import { CardStatusCache } from '../application/card-status-cache.js';
import { ProjectedCard } from './card-status.reader.js';

/**
 * NOTIFY channel on which the projector announces changed ESCNs, comma-separated, or `*` for "everything
 * may have changed".
 */
export const CARD_STATUS_CHANNEL = 'escr_card_status';
export const EVICT_ALL = '*';
/** ESCNs per notification: 200 of 36 characters and their commas stay under PostgreSQL's 8,000-byte payload limit. */
export const ESCNS_PER_NOTIFICATION = 200;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Keeps this instance's status cache correct across instances. The outbox delivers each card event to one
 * instance only, so the projector also sends NOTIFY in its transaction, and every instance LISTENs on a
 * dedicated connection and evicts. While the connection is down the cache is off, and it starts empty
 * after each reconnect, because notifications sent in between are lost.
 */
@Injectable()
export class CardStatusListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CardStatusListener.name);
  private client?: Client;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly cache: CardStatusCache<ProjectedCard>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.cache.setLive(false);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'esc-router-verification-listener' });
    this.client = client;
    client.on('notification', (message) => {
      if (message.payload === EVICT_ALL) this.cache.clear();
      else if (message.payload) for (const escn of message.payload.split(',')) this.cache.evict(escn);
    });
    client.on('error', (error) => this.connectionLost(client, error));
    client.on('end', () => this.connectionLost(client, new Error('connection ended')));

    try {
      await client.connect();
      await client.query(`LISTEN ${CARD_STATUS_CHANNEL}`);
    } catch (error) {
      this.connectionLost(client, error);

      return;
    }
    this.cache.setLive(true);
    this.retryMs = FIRST_RETRY_MS;
    this.logger.log({ channel: CARD_STATUS_CHANNEL }, 'listening for card status changes; cache on');
  }

  private connectionLost(client: Client, error: unknown): void {
    if (this.client !== client) return;

    this.client = undefined;
    this.cache.setLive(false);
    void client.end().catch(() => undefined);
    if (this.stopped) return;

    this.logger.warn({ err: error, retryInMs: this.retryMs }, 'card status listener disconnected; cache off until it reconnects');
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}

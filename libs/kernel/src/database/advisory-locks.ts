import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Session-level PostgreSQL advisory locks, so that a job started by every instance's scheduler
 * runs in only one of them at a time.
 */
@Injectable()
export class AdvisoryLocks {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs work if the named lock is free and returns its result, or returns `skipped` when another session holds it. */
  async tryRun<T>(lockName: string, work: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lockName]);
      if (!locked) return { ran: false };

      try {
        return { ran: true, result: await work() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
      }
    } finally {
      await runner.release();
    }
  }
}

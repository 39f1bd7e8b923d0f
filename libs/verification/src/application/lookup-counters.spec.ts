import { Logger } from '@nestjs/common';
import { AppConfig } from '@escr/kernel';
import { LookupCounters } from './lookup-counters';

describe('LookupCounters', () => {
  const config = Object.assign(new AppConfig(), { VERIFICATION_COUNTER_LOG_INTERVAL_SECONDS: 60 });

  it('logs counts without ESCNs', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const counters = new LookupCounters(config);
      counters.count('found');
      counters.count('found');
      counters.countCacheHit();
      counters.count('notFound');
      counters.count('rateLimited');

      counters.flush();

      expect(log).toHaveBeenCalledTimes(1);
      expect(log).toHaveBeenCalledWith(
        { found: 2, notFound: 1, malformed: 0, rateLimited: 1, total: 4, cacheHits: 1, intervalSeconds: 60 },
        'public verification lookups',
      );
    } finally {
      log.mockRestore();
    }
  });

  it('logs nothing for an idle interval', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const counters = new LookupCounters(config);
      counters.count('found');
      counters.flush();
      counters.flush();

      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
    }
  });
});

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigurationError, loadConfig } from '@escr/kernel';
import { createApp } from './bootstrap.js';
import { startEmbeddedDatabase } from './database/embedded-database.js';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  const config = loadConfig();
  let stopDatabase = async (): Promise<void> => undefined;
  if (!config.DATABASE_URL) {
    const embedded = await startEmbeddedDatabase(config);
    config.DATABASE_URL = embedded.url;
    stopDatabase = () => embedded.stop();
  }

  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  logger.log(`ESC Router listening on http://${config.HOST}:${config.PORT} (API docs at /esc-rest/swagger-ui)`);

  const shutdown = async (signal: string): Promise<void> => {
    logger.log(`received ${signal}; stopping`);
    await app.close();
    await stopDatabase();
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void shutdown(signal));
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGHUP', (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error('ESC Router failed to start:', error);
  }
  process.exit(1);
});

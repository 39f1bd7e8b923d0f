import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : String(value)
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);

/**
 * Router configuration, read from environment variables once at boot.
 * Each property is documented in CONFIG_VARIABLES, which the README table and docker-compose.yml follow.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  EMBEDDED_DATABASE_DIR = '.data/postgres';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_DATABASE_PORT = 54329;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  @IsOptional()
  @IsString()
  @MinLength(43, { message: 'JWT_SECRET must be at least 256 bits: 43 or more characters of base64 or 64 of hex' })
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'esc-router';

  @IsString()
  JWT_AUDIENCE = 'esc-router-api';

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @Matches(/\/$/, { message: 'PUBLIC_VERIFICATION_URL must end with a slash, because the ESCN is appended to it' })
  PUBLIC_VERIFICATION_URL = 'https://s.esc-r.eu/';

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'ESC Router <no-reply@esc-router.local>';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toList)
  @IsString({ each: true })
  TRUSTED_PROXIES: string[] = [];

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  @Transform(toBool)
  @IsBoolean()
  SCHEDULER_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(999)
  ESCN_MINT_PREFIX = 1;

  @Transform(toBool)
  @IsBoolean()
  ESCN_REQUIRE_ISSUER_PIC = true;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  MAIL_POLL_INTERVAL_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_MAX_ATTEMPTS = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400000)
  MAIL_RETRY_BASE_MS = 30000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MAIL_LEASE_SECONDS = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  MAIL_CONCURRENCY = 4;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  VERIFICATION_RATE_LIMIT_BURST = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(6000000)
  VERIFICATION_RATE_LIMIT_PER_MINUTE = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGO_RATE_LIMIT_BURST = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(6000000)
  LOGO_RATE_LIMIT_PER_MINUTE = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000000)
  VERIFICATION_CACHE_MAX_ENTRIES = 200000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  VERIFICATION_CACHE_TTL_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600000)
  VERIFICATION_NOT_FOUND_CACHE_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  VERIFICATION_COUNTER_LOG_INTERVAL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  VERIFICATION_ISSUER_REFRESH_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(52428800)
  PICTURE_MAX_BYTES = 2097152;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(2000)
  LIST_MAX_PAGE_SIZE = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(104857600)
  CSV_MAX_BYTES = 5242880;

  /**
   * A card import records one event per row, and the transaction writes them to the outbox in one INSERT
   * of 3 parameters per event, so more than 21,845 rows would pass PostgreSQL's limit of 65,535 parameters.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20000)
  CSV_MAX_ROWS = 10000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000000)
  ESCN_GENERATE_LIMIT_PER_MINUTE = 2000;

  /** Days before an acceptance deadline on which reminders go out. */
  @Transform(({ value }) => toList({ value })?.map(Number))
  @IsInt({ each: true, message: 'LEGAL_REMINDER_DAYS must be a comma-separated list of whole numbers of days, such as 30,14,7,1' })
  @Min(1, { each: true })
  @Max(365, { each: true })
  LEGAL_REMINDER_DAYS: number[] = [30, 14, 7, 1];

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(86400000)
  LEGAL_JOB_INTERVAL_MS = 60000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  AUTH_RATE_LIMIT_MAX = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  AUTH_RATE_LIMIT_WINDOW_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(2592000)
  REFRESH_TOKEN_TTL_SECONDS = 28800;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  ORGANISATION_CACHE_TTL_MS = 1000;
}

/** One configuration variable, as documented to operators. */
export interface ConfigVariable {
  name: keyof AppConfig;
  description: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'NODE_ENV', description: '`development`, `test` or `production`. In production the router does not start without `JWT_SECRET` and `DATABASE_URL`.' },
  { name: 'HOST', description: 'Address the HTTP server listens on.' },
  { name: 'PORT', description: 'TCP port of the HTTP server.' },
  { name: 'DATABASE_URL', description: 'PostgreSQL connection URL. When unset, an embedded PostgreSQL is started.' },
  { name: 'DATABASE_POOL_SIZE', description: 'Maximum connections in the pool of each router instance.' },
  { name: 'EMBEDDED_DATABASE_DIR', description: 'Data folder of the embedded PostgreSQL, relative to the working directory.' },
  { name: 'EMBEDDED_DATABASE_PORT', description: 'Port of the embedded PostgreSQL on 127.0.0.1.' },
  { name: 'RUN_MIGRATIONS', description: 'Apply pending migrations at start-up.' },
  { name: 'JWT_SECRET', description: 'HS256 key for access tokens, at least 256 bits. Generated per process in development.' },
  { name: 'JWT_ISSUER', description: '`iss` claim written into and required from access tokens.' },
  { name: 'JWT_AUDIENCE', description: '`aud` claim written into and required from access tokens.' },
  { name: 'PUBLIC_VERIFICATION_URL', description: 'URL prefix encoded in QR codes; the ESCN is appended to it.' },
  { name: 'PUBLIC_BASE_URL', description: 'External base URL of this router, used in e-mail links.' },
  { name: 'SMTP_URL', description: 'SMTP server for outgoing mail, for example `smtp://127.0.0.1:1025`. Mail stays queued while unset.' },
  { name: 'MAIL_FROM', description: 'Sender address of outgoing mail.' },
  { name: 'LOG_LEVEL', description: 'pino log level.' },
  { name: 'TRUSTED_PROXIES', description: 'Comma-separated addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed.' },
  { name: 'OUTBOX_POLL_INTERVAL_MS', description: 'How often each instance looks for undelivered domain events, in milliseconds.' },
  { name: 'SCHEDULER_ENABLED', description: 'Run the scheduled jobs in this instance. Jobs take an advisory lock, so several instances may leave it on.' },
  { name: 'ESCN_MINT_PREFIX', description: 'Prefix (0 to 999) of the ESCNs the router mints when a card is created without one.' },
  { name: 'MAIL_POLL_INTERVAL_MS', description: 'How often each instance looks for queued mail, in milliseconds.' },
  { name: 'MAIL_MAX_ATTEMPTS', description: 'Delivery attempts per message before it is marked FAILED.' },
  { name: 'MAIL_RETRY_BASE_MS', description: 'First retry delay after a failed send, in milliseconds; it doubles with each attempt, up to 6 hours.' },
  { name: 'MAIL_LEASE_SECONDS', description: 'A message claimed for sending longer ago than this is taken to belong to a crashed instance and is sent again.' },
  { name: 'MAIL_CONCURRENCY', description: 'Messages each instance sends at the same time.' },
  { name: 'ESCN_REQUIRE_ISSUER_PIC', description: 'Reject a supplied ESCN whose last 9 digits are not the issuer\'s PIC. Turn off to import migrated cards.' },
  { name: 'VERIFICATION_RATE_LIMIT_BURST', description: 'Public verification requests (JSON and pages) one client address may make at once, per instance.' },
  { name: 'VERIFICATION_RATE_LIMIT_PER_MINUTE', description: 'Sustained public verification requests per minute per client address, per instance. Over it the response is 429 with Retry-After.' },
  { name: 'LOGO_RATE_LIMIT_BURST', description: 'Public logo and QR code requests one client address may make at once, per instance.' },
  { name: 'LOGO_RATE_LIMIT_PER_MINUTE', description: 'Sustained public logo and QR code requests per minute per client address, per instance. Over it the response is 429 with Retry-After.' },
  { name: 'VERIFICATION_CACHE_MAX_ENTRIES', description: 'Card statuses each instance keeps in memory; 0 turns the cache off.' },
  { name: 'VERIFICATION_CACHE_TTL_SECONDS', description: 'Maximum time a cached card status is used, in seconds. Card events evict entries sooner.' },
  { name: 'VERIFICATION_NOT_FOUND_CACHE_MS', description: 'How long an unknown ESCN is remembered as unknown, in milliseconds; 0 remembers none. Card events evict it sooner.' },
  { name: 'VERIFICATION_COUNTER_LOG_INTERVAL_SECONDS', description: 'Interval of the log line that counts public verification lookups by outcome, in seconds.' },
  { name: 'VERIFICATION_ISSUER_REFRESH_SECONDS', description: 'How often verification re-reads issuer settings (name, new-logo date, display-name opt-in), in seconds.' },
  { name: 'PICTURE_MAX_BYTES', description: 'Largest cardholder picture upload, in bytes. A larger file is rejected with 413.' },
  { name: 'LIST_MAX_PAGE_SIZE', description: 'Largest `size` of the API V2 lists (`/persons`, `/cards`); a larger value is lowered to it.' },
  { name: 'CSV_MAX_BYTES', description: 'Largest CSV file accepted by validate-csv and card imports, in bytes. Larger uploads get 413.' },
  { name: 'CSV_MAX_ROWS', description: 'Maximum number of data rows (header excluded) in one CSV file, at most 20000. A longer file is reported invalid at the first row over the limit.' },
  { name: 'LEGAL_REMINDER_DAYS', description: 'Comma-separated days before an acceptance deadline on which organisations that have not accepted get a reminder.' },
  { name: 'LEGAL_JOB_INTERVAL_MS', description: 'How often each instance runs the acceptance-period job (announcements, reminders, discontinuation), in milliseconds.' },
  { name: 'AUTH_RATE_LIMIT_MAX', description: 'Attempts per client address and window at each of login, password reset and invitation acceptance; more get 429 with Retry-After.' },
  { name: 'AUTH_RATE_LIMIT_WINDOW_SECONDS', description: 'Length of the rate-limit window of AUTH_RATE_LIMIT_MAX, in seconds. Counters are shared by all instances through PostgreSQL.' },
  { name: 'REFRESH_TOKEN_TTL_SECONDS', description: 'Lifetime of a login session, in seconds: its rotating refresh tokens stop working after this, and the user logs in again.' },
  { name: 'ESCN_GENERATE_LIMIT_PER_MINUTE', description: 'ESCNs one client address may reserve per minute through the public generate-escn operation, per instance. Over it the response is 429 with Retry-After.' },
  { name: 'ORGANISATION_CACHE_TTL_MS', description: 'How long, in milliseconds (at most 1000), an instance reuses an organisation and its legal-gate verdict for card requests. A change made through another instance reaches this one within that time; changes made through this instance apply at once. 0 turns the cache off.' },
];

/** Thrown at boot with every invalid variable listed. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

/** Reads and validates the router configuration. This is the only place that reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.fromEntries(
    // An empty variable counts as unset, so that `FOO=` in a compose file or shell keeps the default.
    CONFIG_VARIABLES.map(({ name }) => [name, env[name]]).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, known);
  const problems = validateSync(config, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}=${JSON.stringify(env[error.property])}: ${message}`),
  );

  if (config.NODE_ENV === 'production') {
    if (!config.JWT_SECRET) problems.push('JWT_SECRET is required in production');
    if (!config.DATABASE_URL) problems.push('DATABASE_URL is required in production');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);

  return config;
}

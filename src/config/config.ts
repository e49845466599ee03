import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** How long a request waits for a pooled PostgreSQL connection (and PostgreSQL for a new one) before giving up. */
export const DEFAULT_DB_ACQUIRE_TIMEOUT_MS = 5000;

export enum AppMode {
  LOCAL = 'local',
  TEST = 'test',
  PRODUCTION = 'production',
}

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || (typeof value === 'string' && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()));

/** The environment the process accepts. Unknown variables are ignored; known ones are validated. */
class EnvSchema {
  @IsOptional()
  @IsEnum(AppMode, { message: 'APP_MODE must be one of local, test, production' })
  APP_MODE?: AppMode;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-z.:-]+$/i, { message: 'HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0' })
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'JWT_TTL_SECONDS must be a whole number' })
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WEB_SESSION_SECONDS must be a whole number' })
  @Min(300, { message: 'WEB_SESSION_SECONDS must be at least 300 (five minutes)' })
  @Max(604800, { message: 'WEB_SESSION_SECONDS must be at most 604800 (seven days)' })
  WEB_SESSION_SECONDS?: number;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'DEMO_PASSWORD must be at least 8 characters' })
  DEMO_PASSWORD?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,32}$/i, { message: 'QUEUE_PREFIX must be 1-32 letters, digits, _ or -' })
  QUEUE_PREFIX?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'DB_POOL_SIZE must be a whole number' })
  @Min(1)
  @Max(200)
  DB_POOL_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'DB_ACQUIRE_TIMEOUT_MS must be a whole number' })
  @Min(100, { message: 'DB_ACQUIRE_TIMEOUT_MS must be at least 100' })
  @Max(60_000, { message: 'DB_ACQUIRE_TIMEOUT_MS must be at most 60000 (one minute)' })
  DB_ACQUIRE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'CASE_LIST_EXACT_COUNT_UP_TO must be a whole number' })
  @Min(0)
  @Max(10_000_000)
  CASE_LIST_EXACT_COUNT_UP_TO?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'LOGIN_FREE_FAILURES must be a whole number' })
  @Min(1)
  @Max(100)
  LOGIN_FREE_FAILURES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'LOGIN_DELAY_SECONDS must be a whole number' })
  @Min(1)
  @Max(3600)
  LOGIN_DELAY_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'REFRESH_TTL_SECONDS must be a whole number' })
  @Min(300)
  @Max(2_592_000, { message: 'REFRESH_TTL_SECONDS must be at most 2592000 (30 days)' })
  REFRESH_TTL_SECONDS?: number;

  @IsOptional()
  @Matches(/^\s*(NONE|((HOTLINE_OPERATOR|CASE_WORKER|AGENCY_OFFICER|SUPERVISOR|ADMIN)\s*(,\s*|$))+)\s*$/, {
    message: 'MFA_REQUIRED_ROLES must be NONE or a comma-separated list of roles (HOTLINE_OPERATOR, CASE_WORKER, AGENCY_OFFICER, SUPERVISOR, ADMIN)',
  })
  MFA_REQUIRED_ROLES?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'MFA_ENCRYPTION_KEY must be at least 32 characters' })
  MFA_ENCRYPTION_KEY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'ONLINE_REPORTS_PER_10_MIN must be a whole number' })
  @Min(1)
  @Max(10000)
  ONLINE_REPORTS_PER_10_MIN?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'RECONCILE_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(1000, { message: 'RECONCILE_INTERVAL_MS must be at least 1000' })
  @Max(3_600_000, { message: 'RECONCILE_INTERVAL_MS must be at most 3600000 (one hour)' })
  RECONCILE_INTERVAL_MS?: number;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.vn:587' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(3, { message: 'SMTP_FROM must be a sender address such as no-reply@example.vn' })
  SMTP_FROM?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'NOTIFY_FILE must be a file path' })
  NOTIFY_FILE?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WORKER_METRICS_PORT must be a whole number (0: no metrics port)' })
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT?: number;
}

export interface AppConfig {
  mode: AppMode;
  port: number;
  /** Address the HTTP server listens on: loopback in local mode (demo users, public password), all interfaces otherwise. */
  host: string;
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** Lifetime of a browser session (the web UI's cookie and the token inside it). */
  webSessionSeconds: number;
  demoPassword: string;
  seedDemo: boolean;
  logLevel: string;
  corsOrigins: string[];
  /**
   * Which proxies may name the client in X-Forwarded-For (Express's `trust proxy`): false (none), a hop count,
   * or the proxies' addresses/CIDRs. Never `true`: that believes any client's header (see parseTrustProxy).
   */
  trustProxy: TrustProxy;
  queuePrefix: string;
  dbPoolSize: number;
  /** Longest wait for a pooled PostgreSQL connection; past it the request answers 503 SERVER_BUSY. */
  dbAcquireTimeoutMs: number;
  /** An unfiltered case list whose estimated size exceeds this answers PostgreSQL's estimate as its total. */
  caseListExactCountUpTo: number;
  /** Failed logins from one client (per username, and ×4 for the client overall) before sign-in slows down. */
  loginFreeFailures: number;
  /** First delay after the free failures; it doubles with each further failure (capped at 15 min, or 1 h for a client). */
  loginDelaySeconds: number;
  /** Lifetime of a refresh token (each use rotates it). */
  refreshTtlSeconds: number;
  /** Roles that must sign in with a second factor. */
  mfaRequiredRoles: string[];
  /** Key material for the TOTP secrets kept in the database. */
  mfaEncryptionKey: string;
  /** Online reports accepted per client per 10 minutes (and four times that per day). */
  onlineReportsPer10Min: number;
  /** How often the deadline reconciler and the notification sweep run. */
  reconcileIntervalMs: number;
  /** SMTP server for email notifications; null: email goes to `notifyFile` (if any). */
  smtpUrl: string | null;
  smtpFrom: string;
  /** JSON-lines file the local transport appends notifications to (SMS always, email without SMTP); null: not sent. */
  notifyFile: string | null;
  /** Bearer token that opens /metrics to a scraper that is not on this machine; null: loopback only. */
  metricsToken: string | null;
  /** Port of the worker's own /metrics (job durations, its pool); null: none. */
  workerMetricsPort: number | null;
}

export type TrustProxy = false | number | string[];

/** Address ranges Express knows by name (proxy-addr). */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrCidr(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const TRUST_PROXY_HELP =
  'write the number of proxies in front of the app (TRUST_PROXY=1 for one load balancer or reverse proxy) or their addresses/CIDRs (TRUST_PROXY=10.0.0.5 or TRUST_PROXY=10.0.0.0/8,fd00::/8)';

/**
 * TRUST_PROXY as Express needs it. `true` is refused: it takes the left-most X-Forwarded-For entry, which any
 * client writes itself, so every request could claim a fresh address and escape the rate limits. A hop count
 * or the proxies' addresses take the address the trusted proxy itself appended.
 */
export function parseTrustProxy(value: string | undefined): { value: TrustProxy } | { problem: string } {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0' || text === 'no' || text === 'off') return { value: false };
  if (['true', 'yes', 'on'].includes(text)) {
    return { problem: `TRUST_PROXY=${value} would believe an X-Forwarded-For header written by any client (rate limits could be bypassed); ${TRUST_PROXY_HELP}` };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return { problem: `TRUST_PROXY=${value} counts more proxies than a deployment has (at most 10); ${TRUST_PROXY_HELP}` };
    return { value: hops };
  }
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (!entries.length || bad.length) {
    return { problem: `TRUST_PROXY: ${bad.map((b) => `"${b}"`).join(', ') || 'an empty list'} is neither a hop count nor an address/CIDR; ${TRUST_PROXY_HELP}` };
  }
  return { value: entries };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function defaultNotifyFile(mode: AppMode, env: NodeJS.ProcessEnv): string | null {
  // Beside the rest of the local data (LOCAL_DATA_DIR is how `npm start` is told to keep it elsewhere).
  if (mode === AppMode.LOCAL) return resolve(env.LOCAL_DATA_DIR ?? '.data', 'notifications.log');
  // Each test process writes its own file, so parallel test files never read each other's lines.
  if (mode === AppMode.TEST) return join(tmpdir(), `bvte-notifications-${process.pid}`, 'notifications.log');
  return null;
}

function mfaRoles(value: string | undefined, mode: AppMode): string[] {
  // Production: supervisors and admins see the most children's data; local and test keep demo users simple.
  if (value === undefined) return mode === AppMode.PRODUCTION ? ['SUPERVISOR', 'ADMIN'] : [];
  if (value.trim() === 'NONE') return [];
  return value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Validates the environment and returns typed configuration. Throws ConfigError naming every bad variable,
 * so a wrong deployment stops at start instead of failing later.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`FOO=` in a compose or .env file) means unset, not an invalid value.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const raw = plainToInstance(EnvSchema, given);
  const errors = validateSync(raw, { whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  const mode = raw.APP_MODE ?? (env.NODE_ENV === 'production' ? AppMode.PRODUCTION : env.NODE_ENV === 'test' ? AppMode.TEST : AppMode.LOCAL);

  if (!raw.DATABASE_URL) problems.push('DATABASE_URL is required (local mode sets it for you: run `npm start`)');
  if (!raw.REDIS_URL) problems.push('REDIS_URL is required (local mode sets it for you: run `npm start`)');
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(trustProxy.problem);
  const host = raw.HOST ?? (mode === AppMode.LOCAL ? '127.0.0.1' : '0.0.0.0');
  if (mode === AppMode.LOCAL && raw.SEED_DEMO !== false && !raw.DEMO_PASSWORD && !isLoopback(host)) {
    problems.push(`HOST=${host} would let other machines sign in as the demo users with the published password; set DEMO_PASSWORD too (at least 8 characters)`);
  }
  if (mode === AppMode.PRODUCTION) {
    if (!raw.JWT_SECRET) problems.push('JWT_SECRET is required in production (at least 32 random characters)');
    if (raw.SEED_DEMO) problems.push('SEED_DEMO cannot be enabled in production: demo users never exist there');
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    mode,
    port: raw.PORT ?? 3000,
    host,
    databaseUrl: raw.DATABASE_URL!,
    redisUrl: raw.REDIS_URL!,
    // Outside production a fixed development secret is acceptable: tokens never leave the machine.
    jwtSecret: raw.JWT_SECRET ?? 'local-development-secret-not-for-production-use',
    jwtTtlSeconds: raw.JWT_TTL_SECONDS ?? 900,
    // A working shift: staff log in once per shift, not every quarter of an hour.
    webSessionSeconds: raw.WEB_SESSION_SECONDS ?? 8 * 3600,
    demoPassword: raw.DEMO_PASSWORD ?? 'Demo@12345',
    seedDemo: mode === AppMode.LOCAL && raw.SEED_DEMO !== false,
    logLevel: raw.LOG_LEVEL ?? (mode === AppMode.TEST ? 'silent' : 'info'),
    corsOrigins: (raw.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: 'value' in trustProxy ? trustProxy.value : false,
    queuePrefix: raw.QUEUE_PREFIX ?? 'bvte',
    dbPoolSize: raw.DB_POOL_SIZE ?? 10,
    dbAcquireTimeoutMs: raw.DB_ACQUIRE_TIMEOUT_MS ?? DEFAULT_DB_ACQUIRE_TIMEOUT_MS,
    caseListExactCountUpTo: raw.CASE_LIST_EXACT_COUNT_UP_TO ?? 10_000,
    loginFreeFailures: raw.LOGIN_FREE_FAILURES ?? 5,
    loginDelaySeconds: raw.LOGIN_DELAY_SECONDS ?? 30,
    refreshTtlSeconds: raw.REFRESH_TTL_SECONDS ?? 12 * 3600,
    mfaRequiredRoles: mfaRoles(raw.MFA_REQUIRED_ROLES, mode),
    mfaEncryptionKey: raw.MFA_ENCRYPTION_KEY ?? `mfa:${raw.JWT_SECRET ?? 'local-development-secret-not-for-production-use'}`,
    onlineReportsPer10Min: raw.ONLINE_REPORTS_PER_10_MIN ?? 5,
    reconcileIntervalMs: raw.RECONCILE_INTERVAL_MS ?? 60_000,
    smtpUrl: raw.SMTP_URL ?? null,
    smtpFrom: raw.SMTP_FROM ?? 'no-reply@localhost',
    notifyFile: raw.NOTIFY_FILE ? resolve(raw.NOTIFY_FILE) : defaultNotifyFile(mode, env),
    metricsToken: raw.METRICS_TOKEN ?? null,
    // Tests run many workers side by side: no fixed port unless asked for.
    workerMetricsPort: raw.WORKER_METRICS_PORT === 0 ? null : (raw.WORKER_METRICS_PORT ?? (mode === AppMode.TEST ? null : 9464)),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

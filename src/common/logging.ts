import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerService } from '@nestjs/common';
import { Params } from 'nestjs-pino';
import { AppMode } from '../config/config';
import type { AppConfig } from '../config/config';

/**
 * Structured JSON logs with a request id and the actor id. Bodies are never logged: they carry personal
 * data of children and reporters.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // On a developer's machine one readable line per event; elsewhere JSON for the log collector.
      ...(config.mode === AppMode.LOCAL && prettyAvailable() ? { transport: { target: 'pino-pretty', options: PRETTY } } : {}),
      genReqId: (req: IncomingMessage) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
      },
      customProps: (req: IncomingMessage) => ({ actorId: (req as unknown as { user?: { id: string } }).user?.id }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // A failed query carries its bound values (names, phones of children and reporters) and PostgreSQL's
      // detail may quote them: the SQL text stays, the values never reach the log.
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'err.parameters',
        'err.detail',
        'err.driverError.parameters',
        'err.driverError.detail',
        'err.cause.parameters',
        'err.cause.detail',
      ],
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    },
  };
}

/**
 * The path of a request as it may be logged: no query string (searches by name or phone) and no phone number in
 * the path of the repeat-caller routes.
 */
export function loggableUrl(url: string): string {
  return url.replace(/\?.*$/, '').replace(/\/callers\/[^/]+/, '/callers/:phone');
}

const PRETTY = {
  colorize: true,
  translateTime: 'SYS:HH:MM:ss',
  ignore: 'pid,hostname,context,req,res,responseTime,actorId',
  singleLine: true,
  messageFormat: '{context} {msg} {req.method} {req.url} {res.statusCode}',
};

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Nest's start-up chatter (one line per module and route): useful when debugging, noise otherwise. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Lowers the framework's start-up lines to debug, so the console shows what matters once things run. */
export class QuietStartupLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) this.inner.debug?.(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }
}

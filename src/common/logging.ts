import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { AppConfig } from '../config/config';

/**
 * Structured JSON logs with a request id and the actor id. Bodies are never logged: they carry personal
 * data of children and reporters.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
      },
      customProps: (req: IncomingMessage) => ({ actorId: (req as unknown as { user?: { id: string } }).user?.id }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/\?.*$/, '') }),
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

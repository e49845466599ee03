import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, renderProblem, TooManyRequestsError } from '../errors';
import { MessageLocale, requestLocale } from './locale';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  /** Stable: clients and the catalogues key on it (product.md §12); always set by toErrorBody. */
  code?: string;
  message: string | string[];
  requestId?: string;
}

const generic = (status: number) => (REASONS[status] ?? 'Error').toUpperCase().replace(/[^A-Z]+/g, '_');

/**
 * Maps every error to `{ statusCode, error, code, message }` with the message in the reader's language; never
 * leaks SQL or stack traces.
 */
export function toErrorBody(exception: unknown, locale: MessageLocale = 'vi'): ErrorBody {
  const said = (statusCode: number, code: string, params?: Record<string, string | number>): ErrorBody => ({
    statusCode,
    error: REASONS[statusCode] ?? 'Error',
    code,
    message: renderProblem({ code, params }, locale),
  });
  if (exception instanceof DomainError) {
    return { statusCode: exception.statusCode, error: exception.error, code: exception.code, message: exception.messageIn(locale) };
  }
  const parseFailure = (exception as { type?: string; cause?: { type?: string } })?.type ?? (exception as { cause?: { type?: string } })?.cause?.type;
  if (parseFailure === 'entity.parse.failed' || (exception instanceof HttpException && exception.getStatus() === 400 && /JSON/.test(exception.message))) {
    return said(400, 'INVALID_JSON');
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message: string | string[] = exception.message;
    if (typeof response === 'object' && response && 'message' in response) {
      message = (response as { message: string | string[] }).message;
    } else if (typeof response === 'string') {
      message = response;
    }
    const route = /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (.*)$/.exec(String(message));
    if (status === 404 && route) return said(404, 'ROUTE_NOT_FOUND', { method: route[1], path: route[2] });
    return { statusCode: status, error: REASONS[status] ?? 'Error', code: generic(status), message };
  }
  const body = exception as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
  // body-parser errors (malformed JSON, too large) carry an HTTP status of their own.
  if (body && typeof body.status === 'number' && body.status >= 400 && body.status < 500) {
    const codes: Record<string, string> = {
      'entity.parse.failed': 'INVALID_JSON',
      'entity.too.large': 'BODY_TOO_LARGE',
      'encoding.unsupported': 'ENCODING_UNSUPPORTED',
      'charset.unsupported': 'CHARSET_UNSUPPORTED',
    };
    return said(body.status, codes[body.type ?? ''] ?? 'BODY_UNREADABLE');
  }
  if (exception instanceof QueryFailedError) {
    const code = (exception as unknown as { driverError?: { code?: string } }).driverError?.code;
    if (code === '23505') return said(409, 'ALREADY_EXISTS');
    if (code === '22P02' || code === '22007' || code === '22008') return said(400, 'WRONG_FORMAT');
    // NUL characters (text and jsonb cannot store them) and values beyond a column's range come from input.
    if (code === '22021' || code === '22P05') return said(400, 'UNSTORABLE_CHARACTER');
    if (code === '22001' || code === '22003') return said(400, 'OUT_OF_RANGE');
    // Two transactions waited on each other (deadlock) or a serializable one could not hold: PostgreSQL rolled
    // this one back whole, so nothing of the request is stored and sending it again succeeds.
    if (code === '40P01' || code === '40001') return said(503, 'WRITE_COLLIDED', { seconds: RETRY_AFTER_SECONDS.WRITE_COLLIDED });
  }
  if (isPoolExhausted(exception)) return said(503, 'SERVER_BUSY', { seconds: RETRY_AFTER_SECONDS.SERVER_BUSY });
  if (isConnectionFailure(exception)) return said(503, 'DEPENDENCY_UNAVAILABLE');
  return said(500, 'INTERNAL_ERROR');
}

/**
 * What a client is told to wait (the message and the Retry-After header) after a passing failure: with every pooled
 * connection in use, long enough for the queue to move; after a write collided with another, until the other one
 * has committed.
 */
const RETRY_AFTER_SECONDS = { SERVER_BUSY: 3, WRITE_COLLIDED: 1 } as const;

/**
 * The pool had no free connection within its acquire timeout: PostgreSQL is up but every connection is in use.
 * pg-pool says so with this exact message; a connection PostgreSQL refuses or never accepts reads differently
 * ("Connection terminated due to connection timeout", ECONNREFUSED) and stays an outage.
 */
export function isPoolExhausted(exception: unknown): boolean {
  return /^timeout exceeded when trying to connect$/i.test(String((exception as { message?: string })?.message ?? ''));
}

function isConnectionFailure(exception: unknown): boolean {
  const e = exception as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(String(e?.code)) ||
    /Connection terminated|Connection is closed|Stream isn't writeable and enableOfflineQueue/i.test(String(e?.message))
  );
}

/**
 * Answers an error for a browser page instead of JSON; returns false to leave the request to the JSON shape.
 * The web UI supplies it so that API paths keep their contract and pages get a page.
 */
export type HtmlErrorRenderer = (req: unknown, res: unknown, body: ErrorBody) => boolean;

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly html?: HtmlErrorRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse();
    const req = ctx.getRequest();
    const body = toErrorBody(exception, requestLocale(req?.headers?.cookie, req?.headers?.['accept-language']));
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: req?.id }, 'request failed');
    }
    if (exception instanceof TooManyRequestsError && exception.retryAfterSeconds) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    } else if (body.code && body.code in RETRY_AFTER_SECONDS) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS[body.code as keyof typeof RETRY_AFTER_SECONDS]));
    }
    if (this.html && !res.headersSent && this.html(req, res, { ...body, requestId: req?.id })) return;
    res.status(body.statusCode ?? HttpStatus.INTERNAL_SERVER_ERROR).json({ ...body, requestId: req?.id });
  }
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, TooManyRequestsError } from '../errors';

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
  message: string | string[];
  requestId?: string;
}

/** Maps every error to `{ statusCode, error, message }`; never leaks SQL or stack traces. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return { statusCode: exception.statusCode, error: exception.error, message: exception.messages };
  }
  const parseFailure = (exception as { type?: string; cause?: { type?: string } })?.type ?? (exception as { cause?: { type?: string } })?.cause?.type;
  if (parseFailure === 'entity.parse.failed' || (exception instanceof HttpException && exception.getStatus() === 400 && /JSON/.test(exception.message))) {
    return { statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON' };
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
    if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(String(message))) {
      message = `${String(message)}: no such endpoint; see /api/docs`;
    }
    return { statusCode: status, error: REASONS[status] ?? 'Error', message };
  }
  const body = exception as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
  // body-parser errors (malformed JSON, too large) carry an HTTP status of their own.
  if (body && typeof body.status === 'number' && body.status >= 400 && body.status < 500) {
    const messages: Record<string, string> = {
      'entity.parse.failed': 'The request body is not valid JSON',
      'entity.too.large': 'The request body is too large',
      'encoding.unsupported': 'The request body encoding is not supported; send UTF-8',
      'charset.unsupported': 'The request charset is not supported; send UTF-8',
    };
    return { statusCode: body.status, error: REASONS[body.status] ?? 'Error', message: messages[body.type ?? ''] ?? 'The request could not be read' };
  }
  if (exception instanceof QueryFailedError) {
    const code = (exception as unknown as { driverError?: { code?: string } }).driverError?.code;
    if (code === '23505') return { statusCode: 409, error: 'Conflict', message: 'This record already exists' };
    if (code === '22P02' || code === '22007' || code === '22008') {
      return { statusCode: 400, error: 'Bad Request', message: 'A value has the wrong format' };
    }
    // NUL characters (text and jsonb cannot store them) and values beyond a column's range come from input.
    if (code === '22021' || code === '22P05') {
      return { statusCode: 400, error: 'Bad Request', message: 'A text value contains a character that cannot be stored (such as NUL); remove it and try again' };
    }
    if (code === '22001' || code === '22003') {
      return { statusCode: 400, error: 'Bad Request', message: 'A value is too long or out of range' };
    }
  }
  if (isConnectionFailure(exception)) {
    return { statusCode: 503, error: 'Service Unavailable', message: 'The database or queue is not reachable right now; try again shortly' };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side; the error was logged' };
}

function isConnectionFailure(exception: unknown): boolean {
  const e = exception as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(String(e?.code)) ||
    /Connection terminated|timeout exceeded when trying to connect|Connection is closed/i.test(String(e?.message))
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
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: req?.id }, 'request failed');
    }
    if (exception instanceof TooManyRequestsError && exception.retryAfterSeconds) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (this.html && !res.headersSent && this.html(req, res, { ...body, requestId: req?.id })) return;
    res.status(body.statusCode ?? HttpStatus.INTERNAL_SERVER_ERROR).json({ ...body, requestId: req?.id });
  }
}

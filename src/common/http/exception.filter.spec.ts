import { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { UnauthorizedError } from '../errors';
import { AllExceptionsFilter, toErrorBody } from './exception.filter';

describe('error bodies', () => {
  it('carries a stable code when the error has one', () => {
    expect(toErrorBody(new UnauthorizedError('MFA_REQUIRED'), 'en')).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Enter the 6-digit code from your authenticator app (or a recovery code)',
      code: 'MFA_REQUIRED',
    });
    expect(toErrorBody(new UnauthorizedError('MFA_REQUIRED'), 'vi')).toMatchObject({
      statusCode: 401,
      code: 'MFA_REQUIRED',
      message: 'Hãy nhập mã 6 chữ số trên ứng dụng xác thực (hoặc một mã khôi phục)',
    });
    expect(new UnauthorizedError('MFA_REQUIRED').code).toBe('MFA_REQUIRED');
    // A sentence thrown without a code gets the status's generic code and keeps its words.
    expect(toErrorBody(new UnauthorizedError('Log in'), 'en')).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Log in', code: 'UNAUTHORIZED' });
  });

  it('answers 503 when Redis is unreachable (ioredis without an offline queue)', () => {
    expect(toErrorBody(new Error("Stream isn't writeable and enableOfflineQueue options is false")).statusCode).toBe(503);
  });

  const failure = (code: string) => new QueryFailedError('UPDATE …', [], Object.assign(new Error('deadlock detected'), { code }));

  it('tells a write that lost a deadlock or a serialization check to send it again', () => {
    expect(toErrorBody(failure('40P01'))).toMatchObject({ statusCode: 503, code: 'WRITE_COLLIDED' });
    expect(toErrorBody(failure('40001'))).toMatchObject({ statusCode: 503, code: 'WRITE_COLLIDED' });
    expect(toErrorBody(failure('40P01'), 'en').message).not.toMatch(/deadlock|UPDATE/);
  });

  it('says when to send a collided write again, in the Retry-After header', () => {
    const headers: Record<string, string> = {};
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      headersSent: false,
      setHeader: (name: string, value: string) => (headers[name] = value),
      status(code: number) {
        sent.status = code;
        return this;
      },
      json: (body: unknown) => (sent.body = body),
    };
    const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ headers: {}, id: 'req-1' }) }) } as unknown as ArgumentsHost;
    new AllExceptionsFilter().catch(failure('40P01'), host);
    expect(sent).toEqual({ status: 503, body: expect.objectContaining({ code: 'WRITE_COLLIDED', requestId: 'req-1' }) });
    expect(headers).toEqual({ 'Retry-After': '1' });
  });

  it('says the server is busy when the pool had no free connection in time, and unreachable for a real outage', () => {
    // pg-pool's words for a request that waited past the acquire timeout with every connection in use.
    expect(toErrorBody(new Error('timeout exceeded when trying to connect'), 'en')).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'SERVER_BUSY',
      message: 'The server is busy right now; try again in 3 seconds',
    });
    expect(toErrorBody(new Error('timeout exceeded when trying to connect')).message).toBe('Máy chủ đang bận; vui lòng thử lại sau 3 giây');
    expect(toErrorBody(new Error('Connection terminated due to connection timeout'))).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    expect(toErrorBody(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toMatchObject({
      statusCode: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });
});

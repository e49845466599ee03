import { UnauthorizedError } from '../errors';
import { toErrorBody } from './exception.filter';

describe('error bodies', () => {
  it('carries a stable code when the error has one', () => {
    expect(toErrorBody(new UnauthorizedError('Enter the code').withCode('MFA_REQUIRED'))).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Enter the code', code: 'MFA_REQUIRED' });
    expect(toErrorBody(new UnauthorizedError('Log in'))).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Log in' });
  });

  it('answers 503 when Redis is unreachable (ioredis without an offline queue)', () => {
    expect(toErrorBody(new Error("Stream isn't writeable and enableOfflineQueue options is false")).statusCode).toBe(503);
  });
});

import { UnauthorizedError } from '../errors';
import { toErrorBody } from './exception.filter';

describe('error bodies', () => {
  it('carries a stable code when the error has one', () => {
    expect(toErrorBody(new UnauthorizedError('MFA_REQUIRED'), 'en')).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Enter the 6-digit code from your authenticator app (or a recovery code)',
      code: 'MFA_REQUIRED',
    });
    expect(toErrorBody(new UnauthorizedError('MFA_REQUIRED'), 'vi')).toMatchObject({ statusCode: 401, code: 'MFA_REQUIRED', message: 'Hãy nhập mã 6 chữ số trên ứng dụng xác thực (hoặc một mã khôi phục)' });
    expect(new UnauthorizedError('MFA_REQUIRED').code).toBe('MFA_REQUIRED');
    // A sentence thrown without a code gets the status's generic code and keeps its words.
    expect(toErrorBody(new UnauthorizedError('Log in'), 'en')).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Log in', code: 'UNAUTHORIZED' });
  });

  it('answers 503 when Redis is unreachable (ioredis without an offline queue)', () => {
    expect(toErrorBody(new Error("Stream isn't writeable and enableOfflineQueue options is false")).statusCode).toBe(503);
  });
});

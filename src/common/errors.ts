/**
 * Domain errors thrown by services. One exception filter maps them to `{ statusCode, error, message }`;
 * messages are written for the person who has to act on them.
 */
export class DomainError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly error: string,
    message: string | string[],
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
  }
  readonly messages: string | string[];
  /** A stable machine-readable reason clients branch on (e.g. `MFA_REQUIRED`). */
  code?: string;

  withCode(code: string): this {
    this.code = code;
    return this;
  }
}

export class BadRequestError extends DomainError {
  constructor(message: string | string[]) {
    super(400, 'Bad Request', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Log in first: send Authorization: Bearer <token> from POST /api/v1/auth/login') {
    super(401, 'Unauthorized', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have access to this') {
    super(403, 'Forbidden', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(404, 'Not Found', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string | string[]) {
    super(409, 'Conflict', message);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    public readonly retryAfterSeconds?: number,
  ) {
    super(429, 'Too Many Requests', message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message: string) {
    super(503, 'Service Unavailable', message);
  }
}

import { catalogueHas, translator } from './i18n';

/**
 * Domain errors thrown by services. Each carries a stable `code` (the contract clients rely on) and the
 * parameters of its message; one exception filter renders the message from the vi/en catalogues (`error.<CODE>`)
 * in the reader's language. A test fails when a code thrown here has no entry in both catalogues.
 */
export type ErrorParams = Record<string, string | number | null | undefined>;

/** One thing wrong: a catalogue code with its parameters, or (from rules that phrase their own) a text. */
export interface Problem {
  code: string;
  params?: ErrorParams;
  /** English text from a rule or a validator, shown as is where the catalogue has no better words. */
  text?: string;
}

const CODE = /^[A-Z][A-Z0-9_]+$/;

/** A string that is a catalogue code, not a sentence. */
export function isErrorCode(value: string): boolean {
  return CODE.test(value);
}

/** The text of a problem in a language: the catalogue's words, or the rule's own text when it has no entry. */
export function renderProblem(problem: Problem, locale: 'vi' | 'en'): string {
  const t = translator(locale);
  const params = Object.fromEntries(Object.entries({ detail: problem.text ?? '', ...problem.params }).map(([k, v]) => [k, v ?? '']));
  // A validation problem may have words for its constraint; otherwise the code's own entry.
  const constraint = problem.params?.constraint;
  const keys = [...(constraint ? [`error.${problem.code}.${constraint}`] : []), `error.${problem.code}`];
  const key = keys.find((k) => catalogueHas(locale, k));
  if (!key) return problem.text ?? problem.code;
  // `{to@casestatus}` names a value by its label in the catalogue (`casestatus.CLOSED` → "Đã đóng").
  const template = t(key).replace(/\{(\w+)@([\w.]+)\}/g, (_m, name: string, prefix: string) => {
    const value = String(params[name] ?? '');
    const label = t(`${prefix}.${value}`);
    return label === `${prefix}.${value}` ? value : label;
  });
  return Object.entries(params).reduce((text, [k, v]) => text.split(`{${k}}`).join(String(v)), template);
}

function toProblem(item: string | Problem, fallbackCode: string, params?: ErrorParams): Problem {
  if (typeof item !== 'string') return item;
  return isErrorCode(item) ? { code: item, params } : { code: fallbackCode, text: item, params };
}

export class DomainError extends Error {
  readonly code: string;
  readonly problems: Problem[];
  /** The English text (as before codes existed): logs and callers that read the words use it. */
  readonly messages: string | string[];
  private readonly many: boolean;

  constructor(
    public readonly statusCode: number,
    public readonly error: string,
    what: string | Problem | (string | Problem)[],
    params?: ErrorParams,
  ) {
    const fallback = error.toUpperCase().replace(/[^A-Z]+/g, '_');
    const problems = (Array.isArray(what) ? what : [what]).map((w) => toProblem(w, fallback, params));
    const english = problems.map((p) => renderProblem(p, 'en'));
    super(english.join('; '));
    this.problems = problems;
    this.many = Array.isArray(what);
    this.code = problems.length === 1 || !Array.isArray(what) ? (problems[0]?.code ?? fallback) : problems.every((p) => p.code === problems[0].code) ? problems[0].code : fallback;
    this.messages = this.many ? english : english[0];
  }

  /** The message in a language, in the shape it was thrown with (one text or a list). */
  messageIn(locale: 'vi' | 'en'): string | string[] {
    // Several problems may share one sentence in a language that words them generally: say it once.
    const texts = [...new Set(this.problems.map((p) => renderProblem(p, locale)))];
    return this.many ? texts : texts[0];
  }
}

export class BadRequestError extends DomainError {
  constructor(what: string | Problem | (string | Problem)[], params?: ErrorParams) {
    super(400, 'Bad Request', what, params);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(what: string | Problem = 'AUTH_REQUIRED', params?: ErrorParams) {
    super(401, 'Unauthorized', what, params);
  }
}

export class ForbiddenError extends DomainError {
  constructor(what: string | Problem = 'FORBIDDEN', params?: ErrorParams) {
    super(403, 'Forbidden', what, params);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string | Problem, params?: ErrorParams) {
    super(404, 'Not Found', what, params);
  }
}

export class ConflictError extends DomainError {
  constructor(what: string | Problem | (string | Problem)[], params?: ErrorParams) {
    super(409, 'Conflict', what, params);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    what: string | Problem,
    public readonly retryAfterSeconds?: number,
    params?: ErrorParams,
  ) {
    super(429, 'Too Many Requests', what, params);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(what: string | Problem, params?: ErrorParams) {
    super(503, 'Service Unavailable', what, params);
  }
}

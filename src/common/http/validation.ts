import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadRequestError, Problem } from '../errors';

/** Deeper than any DTO of the API; the transformer recurses per level and would overflow the stack first. */
const MAX_BODY_DEPTH = 32;

/** Nesting depth of a parsed JSON value, counted without recursion so a hostile value cannot overflow it. */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * Paths of the strings (and keys) in a request value that hold U+0000. PostgreSQL cannot store that character
 * in text, so it is refused up front with the field's name instead of failing in the database.
 */
export function nulCharacterPaths(value: unknown, prefix = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [prefix || 'value'] : [];
  if (depth > MAX_BODY_DEPTH || value === null || typeof value !== 'object') return [];
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [...(k.includes('\u0000') ? [path] : []), ...nulCharacterPaths(v, path, depth + 1)];
  });
}

class ApiValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' && jsonDepth(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      throw new BadRequestError(['BODY_TOO_DEEP'], { depth: MAX_BODY_DEPTH });
    }
    const nul = metadata.type === 'custom' ? [] : nulCharacterPaths(value, metadata.data ?? '');
    if (nul.length > 0) {
      throw new BadRequestError(nul.slice(0, 20).map((p) => ({ code: 'NUL_CHARACTER', params: { field: p } })));
    }
    return super.transform(value, metadata);
  }
}

/**
 * One problem per failed constraint: code `INVALID_FIELD` with the field's path and the constraint, so the
 * catalogues can say it in the reader's language (`error.INVALID_FIELD.<constraint>`); the validator's English
 * text stays as the English message because it names the expected values.
 */
export function validationProblems(errors: ValidationError[], prefix = ''): Problem[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, m]) => ({
      code: 'INVALID_FIELD',
      params: { field: path, constraint },
      // class-validator starts messages with the bare property name; show the full path instead.
      text: m.startsWith(`${e.property} `) ? `${path}${m.slice(e.property.length)}` : m.replace(/^property (\S+)/, `property ${path}`),
    }));
    return [...own, ...validationProblems(e.children ?? [], path)];
  });
}

/** A refused request body or query: code `VALIDATION_FAILED`, one problem per field and constraint. */
export class ValidationFailedError extends BadRequestError {
  override readonly code = 'VALIDATION_FAILED';
}

/** whitelist + forbidNonWhitelisted: unknown fields are an error a client can see and fix. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedError(validationProblems(errors)),
  });
}

import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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
      throw new BadRequestException([`The request body is nested more than ${MAX_BODY_DEPTH} levels deep`]);
    }
    const nul = metadata.type === 'custom' ? [] : nulCharacterPaths(value, metadata.data ?? '');
    if (nul.length > 0) {
      throw new BadRequestException(nul.slice(0, 20).map((p) => `${p} contains a NUL character (U+0000), which cannot be stored; remove it`));
    }
    return super.transform(value, metadata);
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      // class-validator starts messages with the bare property name; show the full path instead.
      m.startsWith(`${e.property} `) ? `${path}${m.slice(e.property.length)}` : m.replace(/^property (\S+)/, `property ${path}`),
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** whitelist + forbidNonWhitelisted: unknown fields are an error a client can see and fix. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
  });
}

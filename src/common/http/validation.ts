import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
  });
}

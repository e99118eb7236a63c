import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, PlatformException } from './app.exception';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** At most this many field errors are listed, each name cut to this length. */
const MAX_ERRORS = 50;
const MAX_FIELD_LENGTH = 100;

function shorten(text: string): string {
  return text.length > MAX_FIELD_LENGTH ? `${text.slice(0, MAX_FIELD_LENGTH)}…` : text;
}

/** Field errors of class-validator as api.md's `errors: [{ field, message }]`. */
export function fieldErrors(errors: ValidationError[]): FieldError[] {
  const flat = flatten(errors)
    .slice(0, MAX_ERRORS)
    .map(({ field, message }) => ({ field: shorten(field), message: message.split(field).join(shorten(field)) }));
  return flat.length > 0 ? flat : [{ field: '(body)', message: 'must be a JSON object' }];
}

/**
 * Every body and query is validated against its DTO: unknown properties are
 * refused, values are transformed to their declared types, and messages never
 * echo the value that was sent.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => PlatformException.validation(fieldErrors(errors)),
  });
}

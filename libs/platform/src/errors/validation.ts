import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldError, PlatformException } from './app.exception';

type Limits = NonNullable<FieldError['limits']>;

/**
 * class-validator's constraint names as the keys of api.md's field errors,
 * with the limits each names: the web app words every key in its user's
 * language. A constraint not listed here is `invalid`; this project's own
 * validators name their key themselves (`name` of `registerDecorator`).
 */
const KEYS: Record<string, { key: string; limits?: (constraints: unknown[]) => Limits | undefined }> = {
  isDefined: { key: 'required' },
  isNotEmpty: { key: 'required' },
  arrayNotEmpty: { key: 'required' },
  maxLength: { key: 'tooLong', limits: ([max]) => ({ max: max as number }) },
  minLength: { key: 'tooShort', limits: ([min]) => ({ min: min as number }) },
  max: { key: 'tooLarge', limits: ([max]) => ({ max: max as number }) },
  min: { key: 'tooSmall', limits: ([min]) => ({ min: min as number }) },
  arrayMaxSize: { key: 'tooMany', limits: ([max]) => ({ max: max as number }) },
  arrayMinSize: { key: 'tooFew', limits: ([min]) => ({ min: min as number }) },
  isIn: { key: 'oneOf', limits: ([values]) => (Array.isArray(values) ? { values: values.map(String) } : undefined) },
  isEnum: { key: 'oneOf' },
  matches: { key: 'format' },
  isEmail: { key: 'format' },
  isISO8601: { key: 'date' },
  isDateString: { key: 'date' },
  isInt: { key: 'number' },
  isNumber: { key: 'number' },
  isPositive: { key: 'tooSmall', limits: () => ({ min: 0 }) },
  isString: { key: 'text' },
  isBoolean: { key: 'boolean' },
  isUUID: { key: 'id' },
  whitelistValidation: { key: 'unknown' },
  notInFuture: { key: 'future' },
  isTimeZone: { key: 'timeZone' },
  halfMilligramSteps: { key: 'halfSteps' },
};

/** The arguments a decorator on `target`'s `property` was declared with (`@MaxLength(100)` → `[100]`). */
function constraintsOf(target: object | undefined, property: string, name: string): unknown[] {
  if (!target) return [];
  const declared = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((metadata) => metadata.propertyName === property && metadata.name === name);
  return declared?.constraints ?? [];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([name, message]): FieldError => {
      const known = KEYS[name];
      // Limits only where the decorator's arguments were found (a body that is not an object has none to find).
      const limits = known?.limits?.(constraintsOf(error.target, error.property, name));
      const found = limits && Object.values(limits).every((value) => value !== undefined) ? limits : undefined;
      return { field, message, key: known?.key ?? 'invalid', ...(found ? { limits: found } : {}) };
    });
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
    .map((error) => ({ ...error, field: shorten(error.field), message: error.message.split(error.field).join(shorten(error.field)) }));
  return flat.length > 0 ? flat : [{ field: '(body)', message: 'must be a JSON object', key: 'invalid' }];
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
    // The target only to look up a decorator's limits (`fieldErrors`); neither it nor the value reaches an answer.
    validationError: { target: true, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => PlatformException.validation(fieldErrors(errors)),
  });
}

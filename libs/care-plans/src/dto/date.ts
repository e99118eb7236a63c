import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A calendar date, YYYY-MM-DD, that exists. */
export function IsCalendarDate(): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date (YYYY-MM-DD)' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );
}

export const NOT_BLANK = /\S/;

/** Validates the property when it is sent at all (a PATCH: absent stays as it is; `null` only where the type allows it). */
export const present = (_dto: object, value: unknown): boolean => value !== undefined;

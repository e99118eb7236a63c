import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches, ValidateBy } from 'class-validator';

/** A calendar date, YYYY-MM-DD, that exists. */
export function IsCalendarDate(): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date (YYYY-MM-DD)' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );
}

/** The calendar date where it is latest on Earth (UTC+14). */
function latestTodayAnywhere(now = Date.now()): string {
  return new Date(now + 14 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A date that is in the future in every time zone is refused with the other
 * field errors of the body, so that one answer names them all. The service
 * still checks the exact day in the clinic's zone, which this cannot know.
 */
export function NotInFuture(): PropertyDecorator {
  return ValidateBy({
    name: 'notInFuture',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || value <= latestTodayAnywhere(),
      defaultMessage: () => '$property must not lie in the future',
    },
  });
}

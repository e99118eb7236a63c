import { Injectable } from '@nestjs/common';
import { Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { Clock } from './clock';

/** The calendar date where it is latest on Earth (UTC+14) at `now`. */
function latestTodayAnywhere(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A date that lies in the future in every time zone, by the app's Clock
 * (class-validator takes this constraint from the Nest container:
 * `useContainer` in `configureApp`). Refused with the other field errors of
 * a body, so that one answer names them all; a service still checks the
 * exact day in its clinic's zone, which a DTO cannot know.
 */
@ValidatorConstraint({ name: 'notInFuture' })
@Injectable()
export class NotInFutureConstraint implements ValidatorConstraintInterface {
  constructor(private readonly clock?: Clock) {}

  validate(value: unknown): boolean {
    // Without the container (a DTO validated outside the app) the service's own check still applies.
    if (typeof value !== 'string' || !this.clock) return true;
    return value <= latestTodayAnywhere(this.clock.now());
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must not lie in the future`;
  }
}

export function NotInFuture(): PropertyDecorator {
  return Validate(NotInFutureConstraint);
}

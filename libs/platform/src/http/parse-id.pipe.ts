import { ParseUUIDPipe } from '@nestjs/common';
import { PlatformException } from '../errors/app.exception';

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
export function ParseId(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => PlatformException.validation([{ field: name, message: `${name} must be a UUID` }]),
  });
}

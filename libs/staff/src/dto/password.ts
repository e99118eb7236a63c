import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Passwords: at least 12 characters (api.md), at most 256. */
export function IsPassword(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minLength: 12, maxLength: 256, format: 'password' }),
    IsString(),
    MinLength(12, { message: '$property must be at least 12 characters' }),
    MaxLength(256, { message: '$property must be at most 256 characters' }),
  );
}

import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { requestIdFrom } from '../logging/logger';
import { Caller, RequestMeta } from './caller';
import { Permission } from './permission';

export const PERMISSION_KEY = 'tongban:permission';
export const PUBLIC_KEY = 'tongban:public';

export interface AuthenticatedOptions {
  permission: Permission;
}

/** The route needs a signed-in caller whose role holds `permission`. */
export function Authenticated(options: AuthenticatedOptions): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(PERMISSION_KEY, options.permission),
    ApiBearerAuth(),
    ApiExtension('x-permission', options.permission),
  );
}

/** The route is open to anyone (login, refresh, health). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

/** The {@link Caller} of an authenticated route. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const req = context.switchToHttp().getRequest<Request & { user?: Omit<Caller, 'requestId'> }>();
  if (!req.user) throw new Error('CurrentCaller used on a route without @Authenticated');
  return { ...req.user, requestId: requestIdFrom(req) };
});

/** Request id and address, for public routes. */
export const CurrentRequest = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  const req = context.switchToHttp().getRequest<Request>();
  return { requestId: requestIdFrom(req), ip: req.ip ?? '' };
});

import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The request's `Accept-Language` header, if any (optional: exports fall back to it when `lang` is not given). */
export const AcceptLanguage = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const header = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['accept-language'];
  return Array.isArray(header) ? header.join(',') : header;
});

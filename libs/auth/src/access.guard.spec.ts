import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Authenticated, createLogger, Permission, Public, Role } from '@tongban/platform';
import { AccessGuard } from './access.guard';

@Controller()
class SampleController {
  @Get('open')
  @Public()
  open(): void {}

  @Get('undeclared')
  undeclared(): void {}

  @Get('admins')
  @Authenticated({ permission: Permission.StaffCreate })
  admins(): void {}
}

function contextFor(handler: keyof SampleController, user?: { role: Role }): ExecutionContext {
  const req = { headers: {}, user };
  return {
    getHandler: () => SampleController.prototype[handler],
    getClass: () => SampleController,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }),
    getType: () => 'http',
    getArgs: () => [req, {}],
  } as unknown as ExecutionContext;
}

describe('AccessGuard', () => {
  const guard = new AccessGuard(new Reflector(), createLogger('silent'));

  it('lets anyone through a @Public() route', async () => {
    await expect(guard.canActivate(contextFor('open'))).resolves.toBe(true);
  });

  it('denies a route that declares neither @Public() nor @Authenticated()', async () => {
    await expect(guard.canActivate(contextFor('undeclared'))).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});

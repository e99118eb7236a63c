import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, AppLogger, AppLoggerToken, Clock, configureApp, PinoNestLogger, requestDeadlineMs } from '@tongban/platform';
import { AuthService } from '@tongban/auth';
import { AppModule } from './app.module';

/**
 * Builds the API application, configured exactly as it serves (used by main
 * and the tests, which may pass a clock they can move).
 */
export async function createApp(config: AppConfig, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, clock), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new PinoNestLogger(app.get<AppLogger>(AppLoggerToken)));
  const auth = app.get(AuthService);
  // In production the API description is for signed-in staff unless API_DOCS_PUBLIC=true.
  configureApp(app, {
    bodyIdleTimeoutMs: config.uploadIdleTimeoutMs,
    requestDeadlineMs: requestDeadlineMs(config.databaseStatementTimeoutMs),
    docsAccess: config.apiDocsPublic ? undefined : (req) => auth.isSignedIn(req.headers.authorization),
  });
  return app;
}

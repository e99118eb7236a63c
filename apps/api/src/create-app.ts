import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, AppLogger, AppLoggerToken, Clock, configureApp, PinoNestLogger } from '@tongban/platform';
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
  configureApp(app);
  return app;
}

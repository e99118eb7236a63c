import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AppLoggerToken } from './logger.token';
import { chooseLogFormat } from './log-format';
import { createLogger } from './logger';

/** The process' pino logger, injectable as {@link AppLoggerToken}. */
@Global()
@Module({
  providers: [
    {
      provide: AppLoggerToken,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createLogger(config.logLevel, chooseLogFormat(config.logFormat, process.stdout.isTTY)),
    },
  ],
  exports: [AppLoggerToken],
})
export class LoggingModule {}

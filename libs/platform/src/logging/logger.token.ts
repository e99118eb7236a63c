/** Injection token of the process' pino logger. */
export const AppLoggerToken = Symbol('AppLogger');

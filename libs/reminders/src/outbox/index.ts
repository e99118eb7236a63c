export * from './reminder-outbox';
export * from './reminder-outbox.module';

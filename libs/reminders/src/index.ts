export * from './reminders.module';
export * from './reminders.service';
export * from './reminder-worker.module';

export * from './reminders.module';
export * from './reminders.service';

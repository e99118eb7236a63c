/** The BullMQ queues. Names carry no ':' (BullMQ uses it in its keys). */
export enum QueueName {
  Reminders = 'reminders',
}

/** Every kind of job, and the queue it travels on. A job id must not contain ':' either. */
export enum JobName {
  DeliverReminder = 'deliver-reminder',
  SweepReminders = 'sweep-reminders',
}

export const QUEUE_OF: Readonly<Record<JobName, QueueName>> = {
  [JobName.DeliverReminder]: QueueName.Reminders,
  [JobName.SweepReminders]: QueueName.Reminders,
};

/** What each job carries. */
export interface JobPayloads {
  [JobName.DeliverReminder]: { reminderId: string };
  [JobName.SweepReminders]: Record<string, never>;
}

import { DynamicModule, Module } from '@nestjs/common';
import { AliyunSmsChannel } from './channels/aliyun-sms.channel';
import { Channels } from './channels/channels';
import { EmailChannel } from './channels/email.channel';
import { InAppChannel } from './channels/in-app.channel';
import { SmsChannel } from './channels/sms.channel';
import { TencentSmsChannel } from './channels/tencent-sms.channel';
import { DeliveryRepository } from './delivery/delivery.repository';
import { InlineDelivery } from './delivery/inline-delivery';
import { ReminderDelivery } from './delivery/reminder-delivery';
import { ReminderRelay } from './delivery/reminder-relay';
import { REMINDER_PROCESS_ROLE, ReminderProcessRole, ReminderRuntime } from './delivery/reminder-runtime';
import { SweepsRepository } from './delivery/sweeps.repository';
import { DeliverReminderJob } from './jobs/deliver-reminder.job';
import { SweepRemindersJob } from './jobs/sweep-reminders.job';
import { ReminderSettings } from './reminder-settings';

/**
 * Delivery of reminders: channels, the send-time rules, the jobs, the relay
 * and in-process delivery. It needs the platform only (raw SQL over the
 * other areas' tables, no entities), so the worker loads it without the HTTP
 * areas. `role` says which process this is (see {@link ReminderRuntime}).
 */
@Module({})
export class ReminderDeliveryModule {
  static forRoot(role: ReminderProcessRole): DynamicModule {
    return {
      module: ReminderDeliveryModule,
      providers: [
        { provide: REMINDER_PROCESS_ROLE, useValue: role },
        { provide: ReminderSettings, useFactory: () => ReminderSettings.fromEnv(process.env) },
        SmsChannel,
        AliyunSmsChannel,
        TencentSmsChannel,
        EmailChannel,
        InAppChannel,
        Channels,
        DeliveryRepository,
        SweepsRepository,
        ReminderDelivery,
        InlineDelivery,
        ReminderRelay,
        DeliverReminderJob,
        SweepRemindersJob,
        ReminderRuntime,
      ],
      exports: [ReminderSettings, ReminderRuntime, InlineDelivery, SweepRemindersJob, ReminderDelivery, Channels],
    };
  }
}

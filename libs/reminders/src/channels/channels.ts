import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongban/platform';
import type { ReminderChannel as ChannelName } from '../entities/reminder.entity';
import { EmailChannel } from './email.channel';
import { AliyunSmsChannel } from './aliyun-sms.channel';
import { InAppChannel } from './in-app.channel';
import { ReminderChannel } from './reminder-channel';
import { SmsChannel } from './sms.channel';
import { TencentSmsChannel } from './tencent-sms.channel';

/** Every channel behind the one interface, by name; SMS through the provider of `SMS_PROVIDER` (gateway, aliyun, tencent). */
@Injectable()
export class Channels {
  private readonly byName: ReadonlyMap<ChannelName, ReminderChannel>;

  constructor(
    config: AppConfig,
    gateway: SmsChannel,
    aliyun: AliyunSmsChannel,
    tencent: TencentSmsChannel,
    email: EmailChannel,
    inApp: InAppChannel,
  ) {
    const sms = { gateway, aliyun, tencent }[config.smsProvider ?? 'gateway'];
    this.byName = new Map<ChannelName, ReminderChannel>([sms, email, inApp].map((channel) => [channel.name, channel]));
  }

  get(name: ChannelName): ReminderChannel {
    const channel = this.byName.get(name);
    if (!channel) throw new Error(`No channel ${name}`);
    return channel;
  }
}

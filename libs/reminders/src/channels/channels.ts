import { Injectable } from '@nestjs/common';
import type { ReminderChannel as ChannelName } from '../entities/reminder.entity';
import { EmailChannel } from './email.channel';
import { InAppChannel } from './in-app.channel';
import { ReminderChannel } from './reminder-channel';
import { SmsChannel } from './sms.channel';

/** Every channel behind the one interface, by name. */
@Injectable()
export class Channels {
  private readonly byName: ReadonlyMap<ChannelName, ReminderChannel>;

  constructor(sms: SmsChannel, email: EmailChannel, inApp: InAppChannel) {
    this.byName = new Map<ChannelName, ReminderChannel>([sms, email, inApp].map((channel) => [channel.name, channel]));
  }

  get(name: ChannelName): ReminderChannel {
    const channel = this.byName.get(name);
    if (!channel) throw new Error(`No channel ${name}`);
    return channel;
  }
}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { Notification } from './entities/notification.entity';
import { ReminderTemplate } from './entities/reminder-template.entity';
import { Reminder } from './entities/reminder.entity';
import { SmsTemplate } from './entities/sms-template.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { ReminderDeliveryModule } from './reminder-delivery.module';
import { ReminderTemplatesController } from './reminder-templates.controller';
import { ReminderTemplatesRepository } from './reminder-templates.repository';
import { ReminderTemplatesService } from './reminder-templates.service';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';
import { RemindersWorklist } from './reminders-worklist';
import { ReminderSchedulingModule } from './scheduling/reminder-scheduling.module';
import { SmsTemplatesController } from './sms-templates.controller';
import { SmsTemplatesRepository } from './sms-templates.repository';
import { SmsTemplatesService } from './sms-templates.service';

/**
 * Reminders in the API: `/reminders`, `/notifications`, the clinics' reminder
 * texts, and delivery (in this process when there is no REDIS_URL). Other
 * areas' domain events make and cancel reminders through `ReminderSchedulingModule`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Reminder, Notification, ReminderTemplate, SmsTemplate]),
    ClientsModule,
    ClinicsModule,
    ReminderSchedulingModule,
    ReminderDeliveryModule.forRoot('api'),
  ],
  controllers: [RemindersController, NotificationsController, ReminderTemplatesController, SmsTemplatesController],
  providers: [
    RemindersRepository,
    RemindersService,
    NotificationsRepository,
    NotificationsService,
    ReminderTemplatesRepository,
    ReminderTemplatesService,
    RemindersWorklist,
    SmsTemplatesRepository,
    SmsTemplatesService,
  ],
  exports: [RemindersService],
})
export class ReminderModule {}

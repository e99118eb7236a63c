import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated({ permission: Permission.NotificationRead })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(caller, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated({ permission: Permission.NotificationRead })
  @ApiOkResponse({ type: NotificationDto, description: 'Marked read (the first reading counts); 404 for anyone else’s.' })
  read(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(caller, id);
  }
}

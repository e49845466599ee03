import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { NotificationQueryDto } from './dto/notification-query.dto';
import { NotificationInbox } from './notification-inbox.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly inbox: NotificationInbox) {}

  /** The caller's notifications, unread first, then newest first. */
  @Get()
  @Allow('AUTHENTICATED')
  list(@CurrentUser() user: Principal, @Query() query: NotificationQueryDto) {
    return this.inbox.list(user, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @Allow('AUTHENTICATED')
  readAll(@CurrentUser() user: Principal) {
    return this.inbox.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Allow('AUTHENTICATED')
  read(@CurrentUser() user: Principal, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.inbox.markRead(user, id);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { AdminApprovalStatus, Role } from './enums';
import { UsersService } from './users.service';
import { MfaService } from './mfa.service';
import { ApprovalQueryDto, CreateUserDto, UpdateUserDto } from './dto/user.dto';

/** A change that waits for a second admin answers 202 with the request to approve. */
function answer<T>(res: Response, result: { pending: false; user: T } | { pending: true; request: unknown }): unknown {
  if (!result.pending) return result.user;
  res.status(202);
  return { status: AdminApprovalStatus.PENDING, approvalRequest: result.request };
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly mfa: MfaService,
  ) {}

  @Get('users')
  @Allow(Role.ADMIN)
  list() {
    return this.users.list();
  }

  /** 201 with the account; 202 with an approval request for a national supervisor. */
  @Post('users')
  @Allow(Role.ADMIN)
  async create(@CurrentUser() actor: Principal, @Body() dto: CreateUserDto, @RequestContext() meta: RequestMeta, @Res({ passthrough: true }) res: Response) {
    return answer(res, await this.users.create(actor, dto, meta));
  }

  /** 200 with the account; 202 with an approval request for a supervisor's new password. */
  @Patch('users/:id')
  @Allow(Role.ADMIN)
  async update(
    @CurrentUser() actor: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
    @RequestContext() meta: RequestMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(res, await this.users.update(actor, id, dto, meta));
  }

  @Get('approval-requests')
  @Allow(Role.ADMIN)
  @ApiQuery({ name: 'status', enum: AdminApprovalStatus, required: false })
  approvalRequests(@Query() query: ApprovalQueryDto) {
    return this.users.approvalRequests(query.status);
  }

  /** A second admin approves: the account is created or the password set now. */
  @Post('approval-requests/:id/approve')
  @HttpCode(200)
  @Allow(Role.ADMIN)
  approve(@CurrentUser() actor: Principal, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @RequestContext() meta: RequestMeta) {
    return this.users.decide(actor, id, 'APPROVE', meta);
  }

  /** Any admin rejects; the requester may withdraw their own request this way. */
  @Post('approval-requests/:id/reject')
  @HttpCode(200)
  @Allow(Role.ADMIN)
  reject(@CurrentUser() actor: Principal, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @RequestContext() meta: RequestMeta) {
    return this.users.decide(actor, id, 'REJECT', meta);
  }

  /** Turns off a user's second factor (a lost phone); the user enrols again at the next sign-in. */
  @Delete('users/:id/mfa')
  @HttpCode(204)
  @Allow(Role.ADMIN)
  async disableMfa(@CurrentUser() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @RequestContext() meta: RequestMeta) {
    await this.mfa.disable(actor, id, meta);
  }
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from './principal';

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().user;
});

export const RequestContext = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest();
  const meta: RequestMeta = { requestId: String(req.id ?? ''), ip: String(req.ip ?? '') };
  return meta;
});

export interface RequestMeta {
  requestId: string;
  ip: string;
}

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response, Router } from 'express';
import { ForbiddenError, UnauthorizedError } from '../common/errors';
import { Role } from '../identity/enums';
import type { Principal } from '../common/access/principal';
import { ROUTE_LABEL } from './http-metrics.middleware';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over the queues, read-only: a deadline's row decides whether a step fires and the reconciler
 * re-creates lost timers, so retrying or deleting jobs by hand is never the fix. The job data it shows are ids
 * and step names, nothing about a child or a reporter.
 */
export function queueBoardRouter(queues: Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Bảo vệ trẻ em' } },
  });
  return serverAdapter.getRouter() as Router;
}

/**
 * ADMIN only, by bearer token or the web session's cookie (the same authentication as every route); errors go
 * to the app's exception filter, so a browser without a session is sent to the login page.
 */
export function queueBoardAccess(authenticate: (token: string) => Promise<Principal>) {
  return (req: Request & { sessionToken?: string; user?: Principal }, res: Response, next: NextFunction) => {
    res.locals[ROUTE_LABEL] = QUEUE_BOARD_PATH;
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = bearer ?? req.sessionToken;
    if (!token) return next(new UnauthorizedError());
    authenticate(token).then(
      (user) => {
        req.user = user;
        if (user.role !== Role.ADMIN) return next(new ForbiddenError('ROLE_FORBIDDEN', { role: user.role }));
        // Read-only board: nothing but reads reaches it, whatever a page or a script sends.
        if (req.method !== 'GET' && req.method !== 'HEAD') return next(new ForbiddenError('QUEUE_BOARD_READ_ONLY'));
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { Page } from '../common/http/pagination';
import { NotificationQueryDto } from './dto/notification-query.dto';

export interface NotificationView {
  id: string;
  type: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  caseId: string | null;
  referralId: string | null;
  deadlineId: string | null;
}

/** The caller's own inbox (product.md §8): nobody reads or marks anybody else's notifications. */
@Injectable()
export class NotificationInbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(user: Principal, query: NotificationQueryDto): Promise<Page<NotificationView> & { unread: number }> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const onlyUnread = query.unread === true;
    const [items, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT id, type, title, body, created_at AS "createdAt", read_at AS "readAt", case_id AS "caseId",
                referral_id AS "referralId", deadline_id AS "deadlineId"
           FROM notification
          WHERE user_id = $1 AND ($2::boolean = false OR read_at IS NULL)
          ORDER BY (read_at IS NULL) DESC, created_at DESC, id
          LIMIT $3 OFFSET $4`,
        [user.id, onlyUnread, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
           FROM notification WHERE user_id = $1`,
        [user.id],
      ),
    ]);
    const total = onlyUnread ? counts[0].unread : counts[0].total;
    return { items, page, pageSize, total, unread: counts[0].unread };
  }

  /** Marks one notification read; reading it again keeps the first time. */
  async markRead(user: Principal, id: string): Promise<{ id: string; readAt: Date }> {
    const rows: { id: string; readAt: Date }[] = await this.dataSource.query(
      `WITH marked AS (UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id, read_at)
       SELECT id, read_at AS "readAt" FROM marked`,
      [id, user.id, this.clock.now()],
    );
    // Someone else's notification is answered like a missing one: its existence is not the caller's business.
    if (rows.length === 0) throw new NotFoundError('NOTIFICATION_NOT_FOUND', { id });
    return rows[0];
  }

  async markAllRead(user: Principal): Promise<{ updated: number }> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH marked AS (UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id) SELECT id FROM marked`,
      [user.id, this.clock.now()],
    );
    return { updated: rows.length };
  }
}

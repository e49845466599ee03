import { html, SafeHtml } from '../html';
import { PageContext } from '../layout';
import { formatDateTime } from '../i18n';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

/** The caller's own inbox, unread first; each item links to its case or referral. */
export function notificationsPage(ctx: PageContext, m: { items: Row[]; unread: number; total: number }): SafeHtml {
  const { t } = ctx;
  const target = (n: Row) => (n.referralId ? `/referrals/${n.referralId}` : n.caseId ? `/cases/${n.caseId}` : null);
  return html`<h1>${t('nav.notifications')}</h1>
<p>${t('notification.unread')}: <strong id="unread-count">${m.unread}</strong> / ${m.total}</p>
${m.unread ? html`<form method="post" action="/notifications/read-all"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit" class="secondary">${t('notification.readAll')}</button></form>` : ''}
${
  m.items.length === 0
    ? html`<p>${t('notification.none')}</p>`
    : html`<ul class="notifications" id="notification-list">${m.items.map((n) => {
        const href = target(n);
        return html`<li class="${n.readAt ? 'read' : 'unread'}"><strong>${href ? html`<a href="${href}">${n.title}</a>` : n.title}</strong> <span class="muted">${formatDateTime(n.createdAt)}</span>
<br>${n.body ?? ''}
${n.readAt ? '' : html` <form method="post" action="/notifications/${n.id}/read" class="inline-form"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit" class="secondary">${t('notification.markRead')}</button></form>`}</li>`;
      })}</ul>`
}`;
}

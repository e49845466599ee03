import { html, SafeHtml } from '../html';
import { PageContext } from '../layout';
import { catalogueHas, formatDateTime } from '../i18n';

/** One row of a case's access log, as CasesService.accessLog gives it, with the actor's full name beside. */
export interface AccessLogEntry {
  at: Date | string;
  actor: { username: string | null; role: string | null; fullName?: string | null } | null;
  action: string;
}

export interface AccessLogModel {
  caseId: string;
  caseNumber: string;
  place: string | null;
  items: AccessLogEntry[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * An audit action in words. Every action recorded about a case, its reports or its referrals has a label (a unit
 * test keeps them in step with the code); one written by a newer version falls back to a generic label, never the code.
 */
export function accessActionLabel(ctx: PageContext, action: string): string {
  const key = `auditaction.${action}`;
  return catalogueHas(ctx.locale, key) ? ctx.t(key) : ctx.t('auditaction.other');
}

export function roleLabel(ctx: PageContext, role: string | null): string {
  if (!role) return '';
  const key = `role.${role}`;
  return catalogueHas(ctx.locale, key) ? ctx.t(key) : ctx.t('common.unknown');
}

function actorCell(ctx: PageContext, actor: AccessLogEntry['actor']): SafeHtml | string {
  if (!actor?.username) return ctx.t('accesslog.system');
  return actor.fullName ? html`${actor.fullName} <span class="muted">(${actor.username})</span>` : actor.username;
}

/** "Ai đã xem hồ sơ này": who read or changed the case and its children's data, newest first, a page at a time. */
export function accessLogPage(ctx: PageContext, m: AccessLogModel): SafeHtml {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(m.total / m.pageSize));
  const link = (page: number) => `/cases/${m.caseId}/access-log?page=${page}`;
  return html`<h1>${t('accesslog.title', { caseNumber: m.caseNumber })}</h1>
<p class="muted">${t('accesslog.intro')}${m.place ? html` · ${m.place}` : ''}</p>
<p><a href="/cases/${m.caseId}">${t('common.back')}</a></p>
${
  m.items.length === 0
    ? m.total === 0
      ? html`<p id="access-log-empty">${t('accesslog.none')}</p>`
      : ''
    : html`<table class="responsive" id="access-log"><thead><tr><th scope="col">${t('accesslog.at')}</th><th scope="col">${t('accesslog.who')}</th><th scope="col">${t('accesslog.role')}</th><th scope="col">${t('accesslog.action')}</th></tr></thead><tbody>
${m.items.map((i) => html`<tr><td><time datetime="${new Date(i.at).toISOString()}">${formatDateTime(i.at)}</time></td><td>${actorCell(ctx, i.actor)}</td><td>${roleLabel(ctx, i.actor?.role ?? null)}</td><td>${accessActionLabel(ctx, i.action)}</td></tr>`)}
</tbody></table>`
}
<nav aria-label="${t('common.page')}"><p class="muted" id="access-log-pages">${t('common.page')} ${Math.min(m.page, pages)}/${pages} · ${t('common.total')}: ${m.total}${m.page > 1 ? html` · <a href="${link(Math.min(m.page - 1, pages))}" rel="prev">${t('common.previous')}</a>` : ''}${m.page < pages ? html` · <a href="${link(m.page + 1)}" rel="next">${t('common.next')}</a>` : ''}</p></nav>`;
}

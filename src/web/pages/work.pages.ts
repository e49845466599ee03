import { html, SafeHtml } from '../html';
import { errorList, PageContext } from '../layout';
import { formatDateTime } from '../i18n';
import { placeLabel } from '../../geography/place-names';
import type { Approval, Task } from '../../tasks/tasks.service';
import { riskTag } from './case.pages';
import { PlaceChoice, placePicker } from './place-picker';

/** Screens of everyday work: my tasks, the supervisor's approvals, the national triage queue and access grants. */

const hidden = (name: string, value: unknown) => html`<input type="hidden" name="${name}" value="${typeof value === 'string' || typeof value === 'number' ? String(value) : ''}">`;
const notice = (text: string | null) => (text ? html`<p class="notice" role="status">${text}</p>` : '');

function kindTag(ctx: PageContext, task: Pick<Task, 'kind' | 'legalBasis'>): SafeHtml {
  return html`<span class="tag kind-${task.kind}">${ctx.t(`kind.${task.kind}`)}</span>${task.legalBasis ? html`<br><span class="muted small">${task.legalBasis}</span>` : ''}`;
}

export function tasksPage(ctx: PageContext, m: { items: Task[]; overdue: number }): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('nav.tasks')}</h1>
<p class="muted">${t('tasks.intro')}</p>
${m.overdue ? html`<p><span class="tag overdue">${t('tasks.overdueCount', { n: m.overdue })}</span></p>` : ''}
${
  m.items.length === 0
    ? html`<p>${t('tasks.none')}</p>`
    : html`<table class="responsive" id="tasks"><thead><tr><th scope="col">${t('tasks.due')}</th><th scope="col">${t('tasks.what')}</th><th scope="col">${t('tasks.kind')}</th><th scope="col">${t('case.number')}</th><th scope="col">${t('case.place')}</th><th scope="col">${t('case.risk')}</th></tr></thead><tbody>
${m.items.map(
  (i) => html`<tr${i.overdue ? html` class="row-overdue"` : ''}><td>${formatDateTime(i.dueAt)}${i.overdue ? html` <span class="tag overdue">${t('case.overdue')}</span>` : ''}</td>
<td>${t(`deadline.${i.key}`)}${i.agencyName ? html`<br><span class="muted">${i.agencyName}</span>` : ''}</td><td>${kindTag(ctx, i)}</td>
<td><a href="${i.referralId ? `/referrals/${i.referralId}` : `/cases/${i.caseId}`}">${i.caseNumber}</a>${i.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}</td>
<td>${[i.communeName, i.provinceName].filter(Boolean).join(', ') || t('common.unknown')}</td><td>${riskTag(ctx, i.riskLevel)}</td></tr>`,
)}</tbody></table>`
}`;
}

export function approvalsPage(ctx: PageContext, m: { items: Approval[]; notice: string | null; errors: string[] }): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('nav.approvals')}</h1>
<p class="muted">${t('approvals.intro')}</p>
${notice(m.notice)}${errorList(t, m.errors)}
${
  m.items.length === 0
    ? html`<p>${t('approvals.none')}</p>`
    : html`<table class="responsive" id="approvals"><thead><tr><th scope="col">${t('approvals.waitingSince')}</th><th scope="col">${t('case.number')}</th><th scope="col">${t('approvals.what')}</th><th scope="col">${t('approvals.by')}</th><th scope="col">${t('approvals.decide')}</th></tr></thead><tbody>
${m.items.map(
  (a) => html`<tr><td>${a.submittedAt.getTime() > 0 ? formatDateTime(a.submittedAt) : t('common.unknown')}</td>
<td><a href="/cases/${a.caseId}">${a.caseNumber}</a> ${riskTag(ctx, a.riskLevel)}${a.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}<br><span class="muted">${[a.communeName, a.provinceName].filter(Boolean).join(', ')}</span></td>
<td>${a.kind === 'PLAN' ? t('approvals.plan', { version: a.planVersion ?? '' }) : t('approvals.closure')}</td><td>${a.submittedBy ?? t('common.unknown')}</td>
<td>${decisionForms(ctx, a)}</td></tr>`,
)}</tbody></table>`
}`;
}

function decisionForms(ctx: PageContext, a: Approval): SafeHtml {
  const { t } = ctx;
  const base = `/approvals/${a.caseId}`;
  const fields = html`${hidden('_csrf', ctx.csrf)}${hidden('expectedVersion', a.caseVersion)}`;
  if (a.kind === 'PLAN') {
    return html`<form method="post" action="${base}/approve" class="inline-form">${fields}<button type="submit">${t('approvals.approve')}</button></form>
<form method="post" action="${base}/return" class="stack-form">${fields}<label for="reason-${a.caseId}">${t('approvals.returnReason')}</label><input type="text" id="reason-${a.caseId}" name="reason" required maxlength="2000"> <button type="submit" class="secondary">${t('approvals.return')}</button></form>`;
  }
  return html`<form method="post" action="${base}/close" class="stack-form">${fields}<label for="note-${a.caseId}">${t('approvals.closeNote')}</label><input type="text" id="note-${a.caseId}" name="note" required maxlength="2000"> <button type="submit">${t('approvals.close')}</button></form>`;
}

export interface TriageItem {
  caseId: string;
  caseNumber: string;
  status: string;
  riskLevel: string;
  immediateDanger: boolean;
  openedAt: Date | string;
  address: string | null;
}

export function triagePage(ctx: PageContext, m: { items: TriageItem[]; notice: string | null }): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('nav.triage')}</h1>
<p class="muted">${t('triage.intro')}</p>
${notice(m.notice)}
${
  m.items.length === 0
    ? html`<p>${t('triage.none')}</p>`
    : html`<table class="responsive" id="triage"><thead><tr><th scope="col">${t('case.number')}</th><th scope="col">${t('case.risk')}</th><th scope="col">${t('case.opened')}</th><th scope="col">${t('report.address')}</th><th scope="col"><span class="hp">${t('triage.place')}</span></th></tr></thead><tbody>
${m.items.map(
  (
    i,
  ) => html`<tr><td>${i.caseNumber}${i.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}</td><td>${riskTag(ctx, i.riskLevel)}</td><td>${formatDateTime(i.openedAt)}</td><td>${i.address ?? ''}</td>
<td><a class="button" href="/triage/${i.caseId}">${t('triage.place')}<span class="hp"> ${i.caseNumber}</span></a></td></tr>`,
)}</tbody></table>`
}`;
}

export function triagePlacePage(ctx: PageContext, m: { item: TriageItem; place: PlaceChoice; reason: string; errors: string[] }): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('triage.placeTitle', { caseNumber: m.item.caseNumber })}</h1>
<p>${riskTag(ctx, m.item.riskLevel)}${m.item.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''} · ${formatDateTime(m.item.openedAt)}${m.item.address ? html` · ${m.item.address}` : ''}</p>
${errorList(t, m.errors)}
<form method="post" action="/triage/${m.item.caseId}">
${hidden('_csrf', ctx.csrf)}
${placePicker(ctx, m.place)}
<label for="reason">${t('triage.reason')}</label>
<textarea id="reason" name="reason" required minlength="5" maxlength="1000">${m.reason}</textarea>
<p><button type="submit">${t('triage.save')}</button> <a href="/triage">${t('common.back')}</a></p>
</form>`;
}

export interface GrantItem {
  id: string;
  grantee: { username: string | null; fullName: string | null };
  grantedBy: { username: string | null };
  reason: string;
  expiresAt: Date;
  status: string;
}

export function accessGrantsPage(
  ctx: PageContext,
  m: { caseId: string; caseNumber: string; place: string | null; grants: GrantItem[]; values: Record<string, string>; errors: string[]; notice: string | null },
): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('grants.title', { caseNumber: m.caseNumber })}</h1>
<p class="muted">${t('grants.intro')}${m.place ? html` · ${m.place}` : ''}</p>
<p><a href="/cases/${m.caseId}">${t('common.back')}</a></p>
${notice(m.notice)}${errorList(t, m.errors)}
${
  m.grants.length === 0
    ? html`<p>${t('grants.none')}</p>`
    : html`<table class="responsive" id="grants"><thead><tr><th scope="col">${t('grants.grantee')}</th><th scope="col">${t('grants.until')}</th><th scope="col">${t('grants.reason')}</th><th scope="col">${t('grants.status')}</th><th scope="col"><span class="hp">${t('grants.revoke')}</span></th></tr></thead><tbody>
${m.grants.map(
  (
    g,
  ) => html`<tr><td>${g.grantee.fullName ?? ''} (${g.grantee.username ?? ''})</td><td>${formatDateTime(g.expiresAt)}</td><td>${g.reason}</td><td>${t(`grantstatus.${g.status}`)}</td>
<td>${g.status === 'ACTIVE' ? html`<form method="post" action="/cases/${m.caseId}/access/${g.id}/revoke" class="inline-form">${hidden('_csrf', ctx.csrf)}<button type="submit" class="secondary">${t('grants.revoke')}<span class="hp"> ${g.grantee.username ?? ''}</span></button></form>` : ''}</td></tr>`,
)}</tbody></table>`
}
<h2>${t('grants.new')}</h2>
<form method="post" action="/cases/${m.caseId}/access">
${hidden('_csrf', ctx.csrf)}
<label for="username">${t('grants.username')}</label>
<input type="text" id="username" name="username" value="${m.values.username ?? ''}" required maxlength="100" autocomplete="off">
<label for="until">${t('grants.until')}</label>
<input type="datetime-local" id="until" name="until" value="${m.values.until ?? ''}" required>
<label for="reason">${t('grants.reason')}</label>
<textarea id="reason" name="reason" required maxlength="1000">${m.values.reason ?? ''}</textarea>
<p><button type="submit">${t('grants.grant')}</button></p>
</form>`;
}

/** "Phường Hà Tu, Quảng Ninh" for a page heading. */
export function placeOf(c: { provinceCode?: unknown; communeCode?: unknown }): string | null {
  return placeLabel((c.provinceCode as string | null) ?? null, (c.communeCode as string | null) ?? null);
}

export interface CallerModel {
  phone: string;
  history: {
    calls: { callId: string; startedAt: Date; callType: string; caseId?: string }[];
    cases: { caseId: string; caseNumber: string; status: string; riskLevel: string; provinceName: string | null; communeName: string | null }[];
    flags: { id: string; type: string; note: string; until: Date }[];
  } | null;
  canFlag: boolean;
  flagTypes: string[];
  values: Record<string, string>;
  errors: string[];
  notice: string | null;
}

/** A phone number's history and the supervisors' flags on it; supervisors set and clear flags here. */
export function callerPage(ctx: PageContext, m: CallerModel): SafeHtml {
  const { t } = ctx;
  const h = m.history;
  return html`<h1>${t('nav.callers')}</h1>
<form method="get" action="/callers" class="filters"><div><label for="phone">${t('operator.callerPhone')}</label><input type="tel" id="phone" name="phone" value="${m.phone}" maxlength="30" autocomplete="off"></div><div><button type="submit">${t('common.search')}</button></div></form>
${notice(m.notice)}${errorList(t, m.errors)}
${
  h
    ? html`<h2>${t('caller.flags')}</h2>
${h.flags.length === 0 ? html`<p>${t('common.none')}</p>` : html`<ul id="caller-flags">${h.flags.map((f) => html`<li><strong>${t(`callerflag.${f.type}`)}:</strong> ${f.note} (${t('caller.until')} ${formatDateTime(f.until)})${m.canFlag ? html` <form method="post" action="/callers/${encodeURIComponent(m.phone)}/flags/${f.id}/clear" class="inline-form">${hidden('_csrf', ctx.csrf)}<button type="submit" class="secondary small">${t('caller.clear')}</button></form>` : ''}</li>`)}</ul>`}
<h2>${t('operator.earlierCalls')}</h2>
${h.calls.length === 0 ? html`<p>${t('common.none')}</p>` : html`<table class="responsive" id="caller-calls"><thead><tr><th scope="col">${t('operator.startedAt')}</th><th scope="col">${t('operator.callType')}</th></tr></thead><tbody>${h.calls.map((c) => html`<tr><td>${formatDateTime(c.startedAt)}</td><td>${t(`calltype.${c.callType}`)}</td></tr>`)}</tbody></table>`}
<h2>${t('operator.openCases')}</h2>
${h.cases.length === 0 ? html`<p>${t('common.none')}</p>` : html`<ul>${h.cases.map((c) => html`<li><a href="/cases/${c.caseId}">${c.caseNumber}</a> ${t(`casestatus.${c.status}`)} ${riskTag(ctx, c.riskLevel)} ${[c.communeName, c.provinceName].filter(Boolean).join(', ')}</li>`)}</ul>`}
${
  m.canFlag
    ? html`<h2>${t('caller.newFlag')}</h2>
<form method="post" action="/callers/${encodeURIComponent(m.phone)}/flags">
${hidden('_csrf', ctx.csrf)}
<label for="type">${t('caller.flagType')}</label>
<select id="type" name="type">${m.flagTypes.map((x) => html`<option value="${x}"${m.values.type === x ? html` selected` : ''}>${t(`callerflag.${x}`)}</option>`)}</select>
<label for="note">${t('caller.note')}</label>
<input type="text" id="note" name="note" value="${m.values.note ?? ''}" required maxlength="500">
<label for="until">${t('caller.untilLabel')}</label>
<input type="datetime-local" id="until" name="until" value="${m.values.until ?? ''}" required>
<p><button type="submit">${t('caller.setFlag')}</button></p>
</form>`
    : ''
}`
    : ''
}`;
}

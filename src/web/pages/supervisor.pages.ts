import { html, SafeHtml } from '../html';
import { PageContext } from '../layout';
import { formatDateTime } from '../i18n';
import { barChart, BarDatum, columnChart } from '../charts';
import { riskTag } from './case.pages';

export interface OverdueItem {
  subjectType: string;
  key: string;
  /** LEGAL or POLICY, with the act and article. */
  deadlineKind?: string | null;
  legalBasis?: string | null;
  caseId: string;
  caseNumber: string;
  referralId: string | null;
  dueAt: Date | string;
  overdueHours: number;
  escalationLevel: number;
  assignee: string | null;
  agency: string | null;
  riskLevel: string | null;
  immediateDanger: boolean;
}

export interface CaseloadRow {
  username: string;
  fullName: string;
  open: number;
  overdue: number;
  critical: number;
}

export interface DashboardModel {
  items: OverdueItem[];
  /** All overdue items (the list shows the worst of them). */
  total: number;
  byState: BarDatum[];
  byRisk: BarDatum[];
  byAgency: BarDatum[];
  trend: BarDatum[];
  caseload: CaseloadRow[];
  /** After a reminder was sent (or refused) from this page. */
  nudge?: 'done' | 'refused' | null;
}

export function dashboardPage(ctx: PageContext, m: DashboardModel): SafeHtml {
  const { t } = ctx;
  const none = t('common.none');
  return html`<h1>${t('nav.dashboard')}</h1>
${m.nudge === 'done' ? html`<p class="notice" role="status" id="nudge-notice">${t('dashboard.nudgedNotice')}</p>` : ''}${m.nudge === 'refused' ? html`<p class="errors" role="alert" id="nudge-notice">${t('error.NUDGE_REFUSED')}</p>` : ''}
<p class="summary-line"><strong id="overdue-count">${m.total}</strong> ${t('dashboard.overdueItems')}</p>
<div class="grid charts">
${barChart('chart-state', t('dashboard.byState'), m.byState, none)}
${barChart('chart-risk', t('dashboard.byRisk'), m.byRisk, none)}
${barChart('chart-agency', t('dashboard.byAgency'), m.byAgency, none)}
${columnChart('chart-trend', t('dashboard.trend'), m.trend, none)}
</div>
<h2>${t('dashboard.overdue')}</h2>
${
  m.items.length === 0
    ? html`<p>${none}</p>`
    : html`<table class="responsive" id="overdue-list"><thead><tr><th scope="col">${t('case.number')}</th><th scope="col">${t('dashboard.what')}</th><th scope="col">${t('dashboard.due')}</th><th scope="col">${t('dashboard.late')}</th><th scope="col">${t('deadline.level')}</th><th scope="col">${t('dashboard.owner')}</th><th scope="col">${t('case.risk')}</th></tr></thead><tbody>
${m.items.map(
  (
    i,
  ) => html`<tr><td><a href="${i.referralId ? `/referrals/${i.referralId}` : `/cases/${i.caseId}`}">${i.caseNumber}</a>${i.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}</td>
<td>${t(`deadline.${i.key}`)}${i.deadlineKind ? html` <span class="tag kind-${i.deadlineKind.toLowerCase()}" title="${i.legalBasis ?? ''}">${t(`deadline.kind.${i.deadlineKind}`)}</span>` : ''}</td><td>${formatDateTime(i.dueAt)}</td><td><span class="tag overdue">${formatLate(ctx, i.overdueHours)}</span></td><td>${i.escalationLevel}</td>
<td>${i.agency ?? i.assignee ?? t('dashboard.unassigned')}${i.referralId ? html` <form method="post" action="/dashboard/referrals/${i.referralId}/nudge" class="inline-form"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit" class="secondary small" data-nudge="${i.referralId}">${t('dashboard.nudge')}<span class="hp"> ${i.caseNumber}</span></button></form>` : ''}</td><td>${i.riskLevel ? riskTag(ctx, i.riskLevel) : ''}</td></tr>`,
)}</tbody></table>`
}
<h2>${t('dashboard.caseload')}</h2>
${
  m.caseload.length === 0
    ? html`<p>${none}</p>`
    : html`<table class="responsive" id="caseload"><thead><tr><th scope="col">${t('dashboard.worker')}</th><th scope="col">${t('dashboard.open')}</th><th scope="col">${t('dashboard.overdueCount')}</th><th scope="col">${t('dashboard.critical')}</th></tr></thead><tbody>
${m.caseload.map((w) => html`<tr><td>${w.fullName} (${w.username})</td><td>${w.open}</td><td>${w.overdue}</td><td>${w.critical}</td></tr>`)}</tbody></table>
<p class="muted">${t('dashboard.reassignHint')}</p>`
}`;
}

function formatLate(ctx: PageContext, hours: number): string {
  if (hours < 1) return ctx.t('dashboard.lateMinutes', { n: Math.max(1, Math.round(hours * 60)) });
  if (hours < 48) return ctx.t('dashboard.lateHours', { n: Math.round(hours) });
  return ctx.t('dashboard.lateDays', { n: Math.round(hours / 24) });
}

export interface StatisticsModel {
  from: string;
  to: string;
  provinceCode: string;
  provinces: { code: string; name: string }[];
  /** Named groups of counts, each drawn as a chart and listed as a table. */
  groups: { title: string; data: BarDatum[] }[];
  /** Single figures (e.g. shares of timely steps). */
  figures: { label: string; value: string }[];
  exportQuery: string;
  errors: string[];
}

export function statisticsPage(ctx: PageContext, m: StatisticsModel): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('nav.statistics')}</h1>
<form method="get" action="/statistics" class="filters">
<div><label for="from">${t('stats.from')}</label><input type="date" id="from" name="from" value="${m.from}" required></div>
<div><label for="to">${t('stats.to')}</label><input type="date" id="to" name="to" value="${m.to}" required></div>
<div><label for="provinceCode">${t('report.province')}</label><select id="provinceCode" name="provinceCode"><option value="">${t('stats.allJurisdiction')}</option>${m.provinces.map((p) => html`<option value="${p.code}"${m.provinceCode === p.code ? html` selected` : ''}>${p.name}</option>`)}</select></div>
<div><button type="submit">${t('stats.show')}</button></div>
</form>
${m.errors.length ? html`<div class="errors" role="alert">${m.errors.map((e) => html`<p>${e}</p>`)}</div>` : ''}
<p>${t('stats.export')}: <a href="/api/v1/statistics?${m.exportQuery}&amp;format=csv" id="export-csv" download>CSV</a> · <a href="/api/v1/statistics?${m.exportQuery}&amp;format=xlsx" id="export-xlsx" download>XLSX</a></p>
${m.figures.length ? html`<dl class="figures">${m.figures.map((f) => html`<div><dt>${f.label}</dt><dd>${f.value}</dd></div>`)}</dl>` : ''}
<div class="grid charts">${m.groups.map((g, i) => barChart(`stat-${i}`, g.title, g.data, t('common.none')))}</div>`;
}

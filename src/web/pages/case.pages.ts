import { html, SafeHtml } from '../html';
import { PageContext } from '../layout';
import { formatDateTime } from '../i18n';

type Row = Record<string, unknown>;

export function caseListPage(ctx: PageContext, page: { items: Row[]; total: number; page: number; pageSize: number }, q: string): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('nav.cases')}</h1>
<form method="get" action="/cases"><label for="q">${t('common.search')}</label><input type="text" id="q" name="q" value="${q}"> <button type="submit">${t('common.search')}</button></form>
${page.items.length === 0 ? html`<p>${t('case.none')}</p>` : html`
<table class="responsive"><thead><tr><th>${t('case.number')}</th><th>${t('case.status')}</th><th>${t('case.risk')}</th><th>${t('case.place')}</th><th>${t('case.assignee')}</th><th>${t('case.opened')}</th></tr></thead><tbody>
${page.items.map(
  (c) => html`<tr><td><a href="/cases/${c.id}">${c.caseNumber}</a> ${c.immediateDanger ? html`<span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}</td>
<td>${t(`casestatus.${c.status}`)}</td><td><span class="tag risk-${c.riskLevel}">${t(`risk.${c.riskLevel}`)}</span></td>
<td>${c.provinceCode ?? ''} ${c.communeCode ?? ''}</td><td>${(c.assignee as Row | null)?.username ?? ''}</td><td>${formatDateTime(c.openedAt as string)}</td></tr>`,
)}
</tbody></table>
<p class="muted">${t('common.page')} ${page.page} · ${page.total}</p>`}`;
}

export function casePage(ctx: PageContext, c: Row, timeline: Row[]): SafeHtml {
  const { t } = ctx;
  const children = (c.children as Row[]) ?? [];
  const reports = (c.reports as Row[]) ?? [];
  return html`<h1>${t('case.number')} <span id="case-number">${c.caseNumber}</span></h1>
<p><span class="tag" id="case-status">${t(`casestatus.${c.status}`)}</span> <span class="tag risk-${c.riskLevel}">${t(`risk.${c.riskLevel}`)}</span>
${c.immediateDanger ? html`<span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}</p>
<div class="grid">
<section class="card"><h2>${t('case.children')}</h2><ul>${children.map((ch) => html`<li>${ch.fullName ?? ch.description} ${ch.birthYear ? html`(${ch.birthYear})` : ''} ${ch.sex ? t(`report.sex.${ch.sex}`) : ''}</li>`)}</ul>
<p>${t('case.place')}: ${c.provinceCode ?? t('common.unknown')} ${c.communeCode ?? ''} ${c.address ?? ''}</p>
<p>${t('case.assignee')}: ${(c.assignee as Row | null)?.fullName ?? t('common.none')}</p></section>
<section class="card"><h2>${t('case.reports')}</h2><ul>${reports.map((r) => html`<li>${formatDateTime(r.receivedAt as string)} · ${t(`channel.${r.channel}`)} · ${(r.abuseTypes as string[]).map((a) => t(`abuse.${a}`)).join(', ')}<br><span class="muted">${r.narrative ?? ''}</span></li>`)}</ul></section>
</div>
<h2>${t('case.timeline')}</h2>
<ol class="timeline">${timeline.map((e) => html`<li>${formatDateTime(e.at as string)} — <strong>${e.type}</strong> ${e.actor ? html`(${e.actor})` : ''}</li>`)}</ol>`;
}

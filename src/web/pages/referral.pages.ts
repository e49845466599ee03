import { placeLabel } from '../../geography/place-names';
import { html, SafeHtml } from '../html';
import { errorList, PageContext } from '../layout';
import { formatDateTime } from '../i18n';
import { ReferralStatus } from '../../referrals/enums';
import { riskTag } from './case.pages';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export interface ReferralInboxModel {
  items: Row[];
  total: number;
  status: string;
  overdueOnly: boolean;
  provinces: Map<string, string>;
}

export function referralInboxPage(ctx: PageContext, m: ReferralInboxModel): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('nav.referrals')}</h1>
<form method="get" action="/referrals" class="filters">
<div><label for="status">${t('referral.status')}</label><select id="status" name="status"><option value="">${t('common.all')}</option>${Object.values(ReferralStatus).map((s) => html`<option value="${s}"${m.status === String(s) ? html` selected` : ''}>${t(`refstatus.${s}`)}</option>`)}</select></div>
<div class="checks"><label><input type="checkbox" name="overdue" value="true"${m.overdueOnly ? html` checked` : ''}> ${t('referral.overdueOnly')}</label></div>
<div><button type="submit">${t('common.search')}</button></div>
</form>
${
  m.items.length === 0
    ? html`<p>${t('referral.none')}</p>`
    : html`<table class="responsive" id="referral-inbox"><thead><tr><th scope="col">${t('case.number')}</th><th scope="col">${t('referral.agency')}</th><th scope="col">${t('referral.status')}</th><th scope="col">${t('case.risk')}</th><th scope="col">${t('case.place')}</th><th scope="col">${t('referral.sentAt')}</th></tr></thead><tbody>
${m.items.map(
  (
    r,
  ) => html`<tr><td><a href="/referrals/${r.id}">${r.caseNumber}</a>${r.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}</td><td>${t(`agency.${r.agencyType}`)}</td>
<td><span class="tag refstatus-${r.status}">${t(`refstatus.${r.status}`)}</span></td><td>${riskTag(ctx, r.riskLevel)}</td><td>${placeLabel(r.provinceCode, r.communeCode) ?? t('common.unknown')}</td><td>${formatDateTime(r.sentAt)}</td></tr>`,
)}</tbody></table>
<p class="muted">${t('common.total')}: ${m.total}</p>`
}`;
}

export interface ReferralPageModel {
  r: Row;
  outcomeCodes: { code: string; labelVi: string; labelEn: string }[];
  errors: string[];
  notice: string | null;
  placeName: string | null;
}

/** One referral: for the agency, the redacted case it may see and the actions its state allows. */
export function referralPage(ctx: PageContext, m: ReferralPageModel): SafeHtml {
  const { t, locale } = ctx;
  const r = m.r;
  const c = r.case as Row | undefined;
  const actions: string[] = r.allowedActions ?? [];
  const form = (action: string, body: SafeHtml, cls = '') =>
    html`<form method="post" action="/referrals/${r.id}/${action}" class="action-form"><input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="expectedVersion" value="${r.version}">${body}<button type="submit" class="${cls}" id="action-${action}">${t(`refaction.${action}`)}</button></form>`;
  const forms: SafeHtml[] = [];
  for (const a of actions) {
    if (a === 'decline')
      forms.push(
        form(
          a,
          html`<label for="declineReason">${t('referral.declineReason')}</label><input type="text" id="declineReason" name="reason" required minlength="5" maxlength="2000"> `,
          'secondary',
        ),
      );
    else if (a === 'cancel')
      forms.push(
        form(
          a,
          html`<label for="cancelReason">${t('referral.cancelReason')}</label><input type="text" id="cancelReason" name="reason" required minlength="5" maxlength="2000"> `,
          'secondary',
        ),
      );
    else if (a === 'complete') {
      forms.push(
        form(
          a,
          html`<label for="outcomeCode">${t('referral.outcome')}</label><select id="outcomeCode" name="outcomeCode" required><option value="">—</option>${m.outcomeCodes.map((o) => html`<option value="${o.code}">${locale === 'vi' ? o.labelVi : o.labelEn}</option>`)}</select>
<label for="outcomeNote">${t('referral.outcomeNote')}</label><textarea id="outcomeNote" name="outcomeNote" maxlength="5000"></textarea>`,
        ),
      );
    } else forms.push(form(a, html``));
  }
  const outcomeLabel = (code: string) => {
    const o = m.outcomeCodes.find((x) => x.code === code);
    return o ? (locale === 'vi' ? o.labelVi : o.labelEn) : code;
  };
  return html`<h1>${t('referral.title')} · <span id="referral-case">${r.caseNumber}</span></h1>
<p>${t(`agency.${r.agencyType}`)} — ${r.agencyName} · <span class="tag refstatus-${r.status}" id="referral-status" data-status="${r.status}">${t(`refstatus.${r.status}`)}</span> ${riskTag(ctx, r.riskLevel)}${r.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}</p>
${m.notice ? html`<div class="notice" role="status">${m.notice}</div>` : ''}
${errorList(t, m.errors)}
<div class="grid">
${
  c
    ? html`<section class="card" aria-labelledby="case-h"><h2 id="case-h">${t('referral.caseInfo')}</h2>
<dl><dt>${t('case.children')}</dt><dd><ul>${(c.children ?? []).map((ch: Row) => html`<li>${ch.firstName ?? ch.givenName ?? ch.description ?? t('common.unknown')}${ch.age !== undefined && ch.age !== null ? html`, ${ch.age} ${t('referral.years')}` : ''}${ch.sex ? html`, ${t(`report.sex.${ch.sex}`)}` : ''}</li>`)}</ul></dd>
<dt>${t('case.place')}</dt><dd>${m.placeName ?? t('common.unknown')}${c.location?.address ? html`, ${c.location.address}` : ''}</dd>
<dt>${t('case.abuseTypes')}</dt><dd>${(c.abuseTypes ?? []).map((a: string) => t(`abuse.${a}`)).join(', ')}</dd>
<dt>${t('report.narrative')}</dt><dd>${c.narrative ?? ''}</dd>
<dt>${t('referral.caseWorker')}</dt><dd>${c.caseWorker ? html`${c.caseWorker.fullName ?? c.caseWorker.name ?? ''} ${c.caseWorker.phone ?? ''} ${c.caseWorker.email ?? ''}` : t('common.none')}</dd>
${c.reporter ? html`<dt>${t('case.reporters')}</dt><dd>${c.reporter.name ?? c.reporter.fullName ?? ''} ${c.reporter.phone ?? ''}</dd>` : ''}
</dl></section>`
    : html`<section class="card"><h2>${t('referral.caseInfo')}</h2><p><a href="/cases/${r.caseId}">${r.caseNumber}</a></p></section>`
}
<section class="card" aria-labelledby="actions-h"><h2 id="actions-h">${t('referral.actions')}</h2>
${forms.length ? forms : html`<p class="muted">${t('referral.noActions')}</p>`}
${r.declineReason ? html`<p>${t('referral.declineReason')}: ${r.declineReason}</p>` : ''}
${r.outcome ? html`<p id="referral-outcome">${t('referral.outcome')}: ${outcomeLabel(r.outcome.code)}${r.outcome.note ? html` — ${r.outcome.note}` : ''}</p>` : ''}
<p class="muted">${r.explanation}</p>
</section>
</div>
<h2>${t('referral.history')}</h2>
<ol class="timeline">${(r.history ?? []).map((h: Row) => html`<li><time>${formatDateTime(h.at)}</time> — ${h.from ? html`${t(`refstatus.${h.from}`)} → ` : ''}<strong>${t(`refstatus.${h.to}`)}</strong>${h.actor ? html` · ${h.actor}` : ''}</li>`)}</ol>`;
}

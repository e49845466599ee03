import { placeLabel } from '../../geography/place-names';
import { html, SafeHtml } from '../html';
import { errorList, PageContext } from '../layout';
import { formatDateTime } from '../i18n';
import { Role } from '../../identity/enums';
import { AgencyType } from '../../referrals/enums';
import { CaseStatus, EmergencyMeasureType, NoteType, PlanStatus, ProtectionLevel, RiskLevel } from '../../cases/enums';
import { isoToVnLocal } from '../forms';
import { FORM_CODES } from '../../forms/form-document';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export interface CaseListModel {
  mine: boolean;
  q: string;
  status: string;
  items: Row[];
  total: number;
  page: number;
  pageSize: number;
  overdue: Set<string>;
  waiting: Row[] | null;
  provinces: Map<string, string>;
}

function dangerTag(ctx: PageContext, on: unknown): SafeHtml | '' {
  return on ? html` <span class="tag danger-flag">${ctx.t('case.immediateDanger')}</span>` : '';
}

export function riskTag(ctx: PageContext, risk: unknown): SafeHtml {
  const level = String(risk);
  return html`<span class="tag risk-${level}">${ctx.t(`risk.${level}`)}</span>`;
}

function caseTable(ctx: PageContext, items: Row[], overdue: Set<string>, id: string, _provinces: Map<string, string>): SafeHtml {
  const { t } = ctx;
  if (items.length === 0) return html`<p>${t('case.none')}</p>`;
  return html`<table class="responsive" id="${id}"><thead><tr><th scope="col">${t('case.number')}</th><th scope="col">${t('case.status')}</th><th scope="col">${t('case.risk')}</th><th scope="col">${t('case.place')}</th><th scope="col">${t('case.assignee')}</th><th scope="col">${t('case.opened')}</th></tr></thead><tbody>
${items.map(
  (
    c,
  ) => html`<tr${overdue.has(c.id) ? html` class="row-overdue"` : ''}><td><a href="/cases/${c.id}">${c.caseNumber}</a>${dangerTag(ctx, c.immediateDanger)}${overdue.has(c.id) ? html` <span class="tag overdue">${t('case.overdue')}</span>` : ''}</td>
<td>${t(`casestatus.${c.status}`)}</td><td>${riskTag(ctx, c.riskLevel)}</td>
<td>${placeLabel(c.provinceCode as string | null, c.communeCode as string | null) ?? t('common.unknown')}</td><td>${c.assignee?.username ?? t('common.none')}</td><td>${formatDateTime(c.openedAt)}</td></tr>`,
)}
</tbody></table>`;
}

export function caseListPage(ctx: PageContext, m: CaseListModel): SafeHtml {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(m.total / m.pageSize));
  const link = (page: number) => `/cases?${new URLSearchParams({ scope: m.mine ? 'mine' : 'all', q: m.q, status: m.status, page: String(page) }).toString()}`;
  return html`<h1>${m.mine ? t('nav.cases') : t('cases.all')}</h1>
<form method="get" action="/cases" class="filters">
<div><label for="scope">${t('cases.scope')}</label><select id="scope" name="scope"><option value="mine"${m.mine ? html` selected` : ''}>${t('cases.scopeMine')}</option><option value="all"${!m.mine ? html` selected` : ''}>${t('cases.scopeAll')}</option></select></div>
<div><label for="status">${t('case.status')}</label><select id="status" name="status"><option value="">${t('common.all')}</option>${Object.values(CaseStatus).map((s) => html`<option value="${s}"${m.status === String(s) ? html` selected` : ''}>${t(`casestatus.${s}`)}</option>`)}</select></div>
<div><label for="q">${t('cases.search')}</label><input type="text" id="q" name="q" value="${m.q}"></div>
<div><button type="submit">${t('common.search')}</button></div>
</form>
<p class="muted">${t('cases.orderHint')}</p>
${caseTable(ctx, m.items, m.overdue, 'case-list', m.provinces)}
<p class="muted">${t('common.page')} ${m.page}/${pages} · ${t('common.total')}: ${m.total}
${m.page > 1 ? html` · <a href="${link(m.page - 1)}">${t('common.previous')}</a>` : ''}${m.page < pages ? html` · <a href="${link(m.page + 1)}">${t('common.next')}</a>` : ''}</p>
${m.waiting ? html`<h2>${t('cases.waiting')}</h2>${caseTable(ctx, m.waiting, m.overdue, 'waiting-list', m.provinces)}` : ''}`;
}

export interface CasePageModel {
  c: Row;
  timeline: Row[];
  referrals: Row[];
  deadlines: Row[];
  errors: string[];
  notice: string | null;
  now: Date;
  values: Record<string, string>;
  /** The commune and province of the case by name (codes when the name is not known). */
  placeName: string | null;
  /** For a supervisor: the workers who may take the case, with their open caseload. */
  assignees?: { username: string; fullName: string; openCases: number }[];
}

const hidden = (name: string, value: unknown) => html`<input type="hidden" name="${name}" value="${value ?? ''}">`;

function versionFields(ctx: PageContext, c: Row): SafeHtml {
  return html`${hidden('_csrf', ctx.csrf)}${hidden('expectedVersion', c.version)}`;
}

function select(ctx: PageContext, id: string, name: string, values: string[], prefix: string, selected = '', empty?: string): SafeHtml {
  return html`<select id="${id}" name="${name}">${empty !== undefined ? html`<option value="">${empty}</option>` : ''}${values.map((v) => html`<option value="${v}"${selected === v ? html` selected` : ''}>${ctx.t(`${prefix}.${v}`)}</option>`)}</select>`;
}

/** The place's workers with their open caseload (least loaded first); a free username when none is known. */
function assigneePicker(ctx: PageContext, c: Row, assignees: CasePageModel['assignees']): SafeHtml {
  const { t } = ctx;
  if (!assignees?.length) {
    return html`<label for="assigneeUsername">${t('case.assignTo')}</label><input type="text" id="assigneeUsername" name="assigneeUsername" value="${c.assignee?.username ?? ''}" required autocomplete="off">`;
  }
  return html`<label for="assigneeUsername">${t('case.assignPick')}</label><select id="assigneeUsername" name="assigneeUsername" required>${assignees.map(
    (a) =>
      html`<option value="${a.username}"${c.assignee?.username === a.username ? html` selected` : ''}>${a.fullName} (${a.username}) — ${t('case.openCases', { n: a.openCases })}</option>`,
  )}</select>`;
}

/** The next step of the procedure for this case, as the forms its state allows. */
function nextStep(ctx: PageContext, m: CasePageModel): SafeHtml {
  const { t, user } = ctx;
  const c = m.c;
  const supervisor = user?.role === Role.SUPERVISOR;
  const mine = c.assignee?.id === user?.id;
  const action = `/cases/${c.id}`;
  const parts: SafeHtml[] = [];
  if (c.status !== CaseStatus.CLOSED && (supervisor || !c.assignee)) {
    parts.push(html`<form method="post" action="${action}/assignment" class="inline-form">${versionFields(ctx, c)}
${supervisor ? html`${assigneePicker(ctx, c, m.assignees)} <button type="submit">${c.assignee ? t('case.reassign') : t('case.assign')}</button>` : html`${hidden('assigneeUsername', user?.username)}<button type="submit" id="take-case">${t('case.take')}</button>`}
</form>`);
  }
  switch (c.status) {
    case CaseStatus.RECEIVED:
      if (c.assignee && (mine || supervisor)) {
        parts.push(
          html`<form method="post" action="${action}/transitions">${versionFields(ctx, c)}${hidden('to', CaseStatus.ASSESSING)}<button type="submit" id="start-assessment">${t('case.startAssessment')}</button></form>`,
        );
      }
      break;
    case CaseStatus.ASSESSING:
      parts.push(html`<form method="post" action="${action}/transitions" id="assessment-form">${versionFields(ctx, c)}${hidden('closureReason', 'UNFOUNDED')}
<h3>${t('assessment.title')}</h3><p class="muted">${t('assessment.hint')}</p>
<label for="riskLevel">${t('case.risk')}</label>${select(ctx, 'riskLevel', 'riskLevel', Object.values(RiskLevel), 'risk', m.values.riskLevel ?? c.riskLevel)}
<fieldset><legend>${t('assessment.founded')}</legend><div class="checks">
<label><input type="radio" name="founded" value="true"${m.values.founded !== 'false' ? html` checked` : ''}> ${t('assessment.foundedYes')}</label>
<label><input type="radio" name="founded" value="false"${m.values.founded === 'false' ? html` checked` : ''}> ${t('assessment.foundedNo')}</label></div></fieldset>
<fieldset><legend>${t('assessment.childSafeNow')}</legend><div class="checks">
<label><input type="radio" name="childSafeNow" value="true"> ${t('common.yes')}</label>
<label><input type="radio" name="childSafeNow" value="false"> ${t('common.no')}</label></div></fieldset>
<label for="protectionLevel">${t('assessment.protectionLevel')}</label>${select(ctx, 'protectionLevel', 'protectionLevel', Object.values(ProtectionLevel), 'protection', m.values.protectionLevel ?? '', t('common.notSet'))}
<label for="summary">${t('assessment.summary')}</label><textarea id="summary" name="summary" required maxlength="10000">${m.values.summary ?? ''}</textarea>
<label for="personsMet">${t('assessment.personsMet')}</label><textarea id="personsMet" name="personsMet" maxlength="5000">${m.values.personsMet ?? ''}</textarea>
<p><button type="submit" name="to" value="${CaseStatus.PLANNING}" id="record-assessment">${t('assessment.toPlanning')}</button>
<button type="submit" name="to" value="${CaseStatus.CLOSED}" class="secondary">${t('assessment.closeUnfounded')}</button></p>
</form>`);
      break;
    case CaseStatus.PLANNING:
    case CaseStatus.INTERVENING: {
      const plan = c.plan;
      if (plan?.status === PlanStatus.SUBMITTED && supervisor) {
        parts.push(html`<form method="post" action="${action}/transitions">${versionFields(ctx, c)}${hidden('to', CaseStatus.INTERVENING)}<button type="submit" id="approve-plan">${t('plan.approve')}</button></form>
<form method="post" action="${action}/plan/return">${versionFields(ctx, c)}<label for="returnReason">${t('plan.returnReason')}</label><input type="text" id="returnReason" name="reason" required maxlength="5000"> <button type="submit" class="secondary">${t('plan.return')}</button></form>`);
      }
      if (c.status === CaseStatus.INTERVENING) {
        parts.push(
          html`<form method="post" action="${action}/transitions">${versionFields(ctx, c)}${hidden('to', CaseStatus.REVIEWING)}<button type="submit">${t('case.startReview')}</button></form>`,
        );
      }
      parts.push(planEditor(ctx, c));
      break;
    }
    case CaseStatus.REVIEWING:
      parts.push(html`<form method="post" action="${action}/transitions">${versionFields(ctx, c)}
<h3>${t('review.title')}</h3>
<label for="reviewSummary">${t('review.summary')}</label><textarea id="reviewSummary" name="reviewSummary" required maxlength="10000"></textarea>
<label for="closureReason">${t('review.closureReason')}</label>${select(ctx, 'closureReason', 'closureReason', ['GOALS_MET', 'TRANSFERRED', 'CHILD_RELOCATED', 'AGED_OUT', 'OTHER'], 'closure')}
<label for="closureNote">${t('review.closureNote')}</label><input type="text" id="closureNote" name="closureNote" maxlength="5000">
<p><button type="submit" name="to" value="${CaseStatus.INTERVENING}">${t('review.nextRound')}</button>
${supervisor ? html`<button type="submit" name="to" value="${CaseStatus.CLOSED}" class="secondary">${t('review.close')}</button>` : ''}</p></form>`);
      break;
    case CaseStatus.CLOSED:
      if (supervisor) {
        parts.push(html`<form method="post" action="${action}/transitions">${versionFields(ctx, c)}${hidden('to', CaseStatus.ASSESSING)}
<label for="reopenReason">${t('case.reopenReason')}</label><input type="text" id="reopenReason" name="reopenReason" required maxlength="5000"> <button type="submit">${t('case.reopen')}</button></form>`);
      }
      break;
  }
  return html`<section class="card" aria-labelledby="next-step"><h2 id="next-step">${t('case.nextStep')}</h2>${parts.length ? parts : html`<p class="muted">${t('case.noStep')}</p>`}</section>`;
}

function planEditor(ctx: PageContext, c: Row): SafeHtml {
  const { t } = ctx;
  const plan = c.plan as Row | null;
  const items: Row[] = plan?.items ?? [];
  const rows = [...items, {}, {}, {}].slice(0, Math.max(items.length + 1, 3));
  return html`${
    plan
      ? html`<h3>${t('plan.current')} v${plan.versionNumber} — ${t(`planstatus.${plan.status}`)}</h3>
${plan.returnReason ? html`<p class="errors">${t('plan.returnedBecause')}: ${plan.returnReason}</p>` : ''}
<ul>${(plan.goals ?? []).map((g: string) => html`<li>${g}</li>`)}</ul>
<table class="responsive"><thead><tr><th scope="col">${t('plan.service')}</th><th scope="col">${t('plan.agency')}</th><th scope="col">${t('plan.person')}</th><th scope="col">${t('plan.due')}</th></tr></thead><tbody>
${items.map((i) => html`<tr><td>${i.service}</td><td>${i.responsibleAgencyType ? t(`agency.${i.responsibleAgencyType}`) : ''}</td><td>${i.responsiblePerson ?? ''}</td><td>${i.dueDate ?? ''}</td></tr>`)}</tbody></table>`
      : ''
  }
<form method="post" action="/cases/${c.id}/plan" id="plan-form">${versionFields(ctx, c)}
<h3>${plan ? t('plan.revise') : t('plan.write')}</h3>
<label for="goals">${t('plan.goals')}</label><textarea id="goals" name="goals" maxlength="30000">${(plan?.goals ?? []).join('\n')}</textarea>
<table class="plan-items"><caption>${t('plan.items')}</caption><thead><tr><th scope="col">${t('plan.service')}</th><th scope="col">${t('plan.agency')}</th><th scope="col">${t('plan.person')}</th><th scope="col">${t('plan.due')}</th></tr></thead><tbody>
${rows.map(
  (i, n) => html`<tr><td><input type="text" name="itemService" value="${i.service ?? ''}" aria-label="${t('plan.service')} ${n + 1}" maxlength="500"></td>
<td>${html`<select name="itemAgency" aria-label="${t('plan.agency')} ${n + 1}"><option value="">—</option>${Object.values(AgencyType).map((a) => html`<option value="${a}"${i.responsibleAgencyType === a ? html` selected` : ''}>${t(`agency.${a}`)}</option>`)}</select>`}</td>
<td><input type="text" name="itemPerson" value="${i.responsiblePerson ?? ''}" aria-label="${t('plan.person')} ${n + 1}" maxlength="200"></td>
<td><input type="date" name="itemDue" value="${i.dueDate ?? ''}" aria-label="${t('plan.due')} ${n + 1}"></td></tr>`,
)}</tbody></table>
<p><button type="submit" id="submit-plan">${t('plan.submit')}</button></p></form>`;
}

export function casePage(ctx: PageContext, m: CasePageModel): SafeHtml {
  const { t, user } = ctx;
  const c = m.c;
  const children: Row[] = c.children ?? [];
  const reports: Row[] = c.reports ?? [];
  const reporters: Row[] = c.reporters ?? [];
  const overdue = m.deadlines.filter((d) => d.status === 'OVERDUE' || (d.status === 'PENDING' && new Date(d.dueAt) <= m.now));
  const open = c.status !== CaseStatus.CLOSED;
  const canWork = user?.role === Role.SUPERVISOR || c.assignee?.id === user?.id;
  return html`<h1>${t('case.number')} <span id="case-number">${c.caseNumber}</span></h1>
<p><span class="tag" id="case-status" data-status="${c.status}">${t(`casestatus.${c.status}`)}</span> ${riskTag(ctx, c.riskLevel)}${dangerTag(ctx, c.immediateDanger)}
${overdue.length ? html` <span class="tag overdue">${t('case.overdue')}</span>` : ''}</p>
${m.notice ? html`<div class="notice" role="status">${m.notice}</div>` : ''}
${errorList(t, m.errors)}
<nav class="toc" aria-label="${t('case.sections')}">${user?.role === Role.SUPERVISOR ? html`<a href="/cases/${c.id}/access" id="manage-access">${t('case.manageAccess')}</a> <a href="/cases/${c.id}/access-log" id="access-log-link">${t('case.accessLog')}</a> ` : ''}<a href="#case-summary">${t('case.summary')}</a> <a href="#next-step">${t('case.nextStep')}</a> <a href="#referrals">${t('case.referrals')}</a> <a href="#measures">${t('measure.title')}</a> <a href="#notes">${t('note.title')}</a> <a href="#timeline">${t('case.timeline')}</a></nav>
<div class="grid">
<section class="card" aria-labelledby="case-summary"><h2 id="case-summary">${t('case.summary')}</h2>
<dl>
<dt>${t('case.children')}</dt><dd><ul>${children.map((ch) => html`<li>${ch.fullName ?? ch.description} ${ch.birthYear ? html`(${t('case.born')} ${ch.birthYear})` : ''} ${ch.sex ? t(`report.sex.${ch.sex}`) : ''}</li>`)}</ul></dd>
<dt>${t('case.place')}</dt><dd>${m.placeName ?? t('common.unknown')}${c.address ? html`, ${c.address}` : ''}</dd>
<dt>${t('case.abuseTypes')}</dt><dd>${(c.abuseTypes ?? []).map((a: string) => t(`abuse.${a}`)).join(', ')}</dd>
<dt>${t('case.assignee')}</dt><dd id="case-assignee">${c.assignee ? `${c.assignee.fullName} (${c.assignee.username})` : t('common.none')}</dd>
<dt>${t('case.opened')}</dt><dd>${formatDateTime(c.openedAt)}</dd>
${c.closureReason ? html`<dt>${t('case.closure')}</dt><dd>${t(`closure.${c.closureReason}`)} — ${c.closureNote ?? ''}</dd>` : ''}
</dl>
${(c.assessments ?? []).length ? html`<h3>${t('assessment.latest')}</h3><p>${riskTag(ctx, c.assessments[0].riskLevel)} ${c.assessments[0].founded ? t('assessment.foundedYes') : t('assessment.foundedNo')} · ${formatDateTime(c.assessments[0].assessedAt)} (${c.assessments[0].assessedBy ?? ''})</p><p>${c.assessments[0].summary}</p>` : ''}
</section>
<section class="card" aria-labelledby="reports-h"><h2 id="reports-h">${t('case.reports')}</h2><ul>${reports.map(
    (r) =>
      html`<li>${formatDateTime(r.receivedAt)} · ${t(`channel.${r.channel}`)} · ${(r.abuseTypes ?? []).map((a: string) => t(`abuse.${a}`)).join(', ')}${r.setting && r.setting !== 'UNKNOWN' ? ` · ${t(`setting.${r.setting}`)}` : ''}${r.immediateDanger ? html` <span class="tag danger-flag">${t('case.immediateDanger')}</span>` : ''}<br><span class="muted">${r.narrative ?? ''}</span></li>`,
  )}</ul>
<h3>${t('case.reporters')}</h3><ul>${reporters.map((r) => html`<li>${r.fullName ?? t('case.noName')} ${r.phone ?? ''} ${r.relationToChild ? html`(${t(`relation.${r.relationToChild}`)})` : ''}</li>`)}</ul>
<h3>${t('case.deadlines')}</h3>${m.deadlines.length ? html`<ul id="case-deadlines">${m.deadlines.map((d) => html`<li>${t(`deadline.${d.key}`)}${d.kind ? html` <span class="tag kind-${String(d.kind).toLowerCase()}" title="${d.legalBasis ?? ''}">${t(`deadline.kind.${d.kind}`)}</span>` : ''}: ${formatDateTime(d.dueAt)} — ${t(`deadlinestatus.${d.status}`)}${d.escalationLevel ? html` (${t('deadline.level')} ${d.escalationLevel})` : ''}</li>`)}</ul>` : html`<p class="muted">${t('common.none')}</p>`}
<h3>${t('case.forms')}</h3><ul id="case-forms">${FORM_CODES.map((code) => html`<li>${t(`form.${code}`)}: <a href="/api/v1/cases/${c.id}/forms/${code}?format=pdf" download>PDF</a> · <a href="/api/v1/cases/${c.id}/forms/${code}?format=docx" download>DOCX</a></li>`)}</ul>
</section>
</div>
${nextStep(ctx, m)}
<section aria-labelledby="referrals"><h2 id="referrals">${t('case.referrals')}</h2>
${
  m.referrals.length
    ? html`<table class="responsive" id="referral-list"><thead><tr><th scope="col">${t('referral.agency')}</th><th scope="col">${t('referral.status')}</th><th scope="col">${t('referral.sentAt')}</th><th scope="col">${t('referral.why')}</th></tr></thead><tbody>
${m.referrals.map((r) => html`<tr data-agency="${r.agencyType}"><td><a href="/referrals/${r.id}">${t(`agency.${r.agencyType}`)}</a><br><span class="muted">${r.agencyName}</span></td><td><span class="tag refstatus-${r.status}">${t(`refstatus.${r.status}`)}</span></td><td>${formatDateTime(r.sentAt)}</td><td class="muted">${r.explanation}</td></tr>`)}
</tbody></table>`
    : html`<p class="muted" id="no-referrals">${t('referral.none')}</p>`
}
${
  open && canWork
    ? html`<form method="post" action="/cases/${c.id}/referrals" class="inline-form">${hidden('_csrf', ctx.csrf)}
<label for="agencyType">${t('referral.addTo')}</label>${select(ctx, 'agencyType', 'agencyType', Object.values(AgencyType), 'agency')}
<label for="refReason">${t('referral.reason')}</label><input type="text" id="refReason" name="reason" required maxlength="2000"> <button type="submit">${t('referral.add')}</button></form>`
    : ''
}
</section>
<div class="grid">
<section aria-labelledby="measures"><h2 id="measures">${t('measure.title')}</h2>
${(c.emergencyMeasures ?? []).length ? html`<ul>${c.emergencyMeasures.map((e: Row) => html`<li><strong>${t(`measure.${e.measureType}`)}</strong> · ${formatDateTime(e.takenAt)} (${e.recordedBy ?? ''})<br>${e.description}</li>`)}</ul>` : html`<p class="muted">${t('common.none')}</p>`}
${
  open && canWork
    ? html`<form method="post" action="/cases/${c.id}/emergency-measures">${versionFields(ctx, c)}
<label for="measureType">${t('measure.type')}</label>${select(ctx, 'measureType', 'measureType', Object.values(EmergencyMeasureType), 'measure')}
<label for="measureDescription">${t('measure.description')}</label><textarea id="measureDescription" name="description" required maxlength="5000"></textarea>
<label for="takenAt">${t('measure.takenAt')}</label><input type="datetime-local" id="takenAt" name="takenAt" value="${isoToVnLocal(m.now)}" required>
<p><button type="submit" class="danger">${t('measure.add')}</button></p></form>`
    : ''
}
</section>
<section aria-labelledby="notes"><h2 id="notes">${t('note.title')}</h2>
${
  open && canWork
    ? html`<form method="post" action="/cases/${c.id}/notes">${versionFields(ctx, c)}
<label for="noteType">${t('note.type')}</label>${select(ctx, 'noteType', 'type', Object.values(NoteType), 'notetype')}
<label for="noteText">${t('note.text')}</label><textarea id="noteText" name="text" required maxlength="20000"></textarea>
<label for="occurredAt">${t('note.occurredAt')}</label><input type="datetime-local" id="occurredAt" name="occurredAt" value="${isoToVnLocal(m.now)}" required>
<p><button type="submit">${t('note.add')}</button></p></form>`
    : ''
}
${(c.notes ?? []).length ? html`<ul id="note-list">${c.notes.map((n: Row) => html`<li><strong>${t(`notetype.${n.type}`)}</strong> · ${formatDateTime(n.occurredAt)} (${n.author ?? ''})<br>${n.text}</li>`)}</ul>` : html`<p class="muted">${t('common.none')}</p>`}
</section>
</div>
<section aria-labelledby="timeline"><h2 id="timeline">${t('case.timeline')}</h2>
<ol class="timeline">${m.timeline.map((e) => html`<li><time>${formatDateTime(e.at)}</time> — <strong>${eventLabel(ctx, e.type)}</strong>${e.actor ? html` · ${e.actor}` : ''}${eventDetail(ctx, e)}</li>`)}</ol></section>`;
}

function eventLabel(ctx: PageContext, type: string): string {
  const label = ctx.t(`event.${type}`);
  return label === `event.${type}` ? type : label;
}

function eventDetail(ctx: PageContext, e: Row): SafeHtml | '' {
  const after = (e.after ?? {}) as Row;
  if (e.type === 'STATUS_CHANGED' && after.status) return html` → ${ctx.t(`casestatus.${after.status}`)}`;
  if (e.type === 'ASSIGNED' && after.assignee) return html` → ${after.assignee}`;
  return '';
}

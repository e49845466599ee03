import { DUPLICATE_REASONS } from '../../intake/duplicate-scoring.rules';
import { placePicker } from './place-picker';
import { html, SafeHtml } from '../html';
import { errorList, PageContext } from '../layout';
import { formatDateTime } from '../i18n';
import { AbuseSetting, AbuseType, CallerFlagType, CallType, Channel, Relation, Sex } from '../../intake/enums';

type Values = Record<string, string | string[] | undefined>;

const str = (values: Values, f: string) => (typeof values[f] === 'string' ? values[f] : '');
const isOn = (values: Values, f: string, v: string) => (Array.isArray(values[f]) ? values[f].includes(v) : values[f] === v);

export interface CallOutcome {
  callId: string;
  reportId?: string;
  caseId?: string;
  caseNumber?: string;
  linked?: boolean;
  duplicates: { caseId: string; caseNumber: string; score: number; reasons?: string[]; explanation: string[] }[];
}

/** The operator's call form: one keyboard pass, the danger switch first, live lookup when JavaScript runs. */
export interface OperatorForm {
  startedAt: string;
  idempotencyKey: string;
}

export function operatorPage(
  ctx: PageContext,
  provinces: { code: string; name: string }[],
  values: Values,
  errors: string[],
  outcome: CallOutcome | null,
  todayCalls: Record<string, unknown>[],
  form: OperatorForm,
  communes: { code: string; name: string }[] = [],
): SafeHtml {
  const { t } = ctx;
  const v = (f: string) => str(values, f);
  const channelDefault = values.channel ?? (ctx.user?.provinceCode ? Channel.PROVINCIAL_HOTLINE : Channel.HOTLINE_111);
  return html`<h1>${t('operator.title')}</h1>
${outcome ? outcomeBox(ctx, outcome) : ''}
${errorList(t, errors)}
<div class="grid">
<form method="post" action="/operator/calls" data-lookup id="call-form">
<input type="hidden" name="_csrf" value="${ctx.csrf}">
<input type="hidden" name="startedAt" value="${form.startedAt}">
<input type="hidden" name="idempotencyKey" value="${form.idempotencyKey}">
<input type="hidden" id="linkToCaseId" name="linkToCaseId" value="${v('linkToCaseId')}">
<div class="danger-switch"><label for="immediateDanger"><input type="checkbox" id="immediateDanger" name="immediateDanger" value="true" accesskey="d" autofocus${isOn(values, 'immediateDanger', 'true') ? html` checked` : ''}> ${t('operator.dangerSwitch')}</label><span class="muted">${t('operator.dangerHint')}</span></div>
<label for="callType">${t('operator.callType')}</label>
<select id="callType" name="callType">${Object.values(CallType).map((c) => html`<option value="${c}"${(values.callType ?? CallType.REPORT) === c ? html` selected` : ''}>${t(`calltype.${c}`)}</option>`)}</select>
<label for="channel">${t('operator.channel')}</label>
<select id="channel" name="channel">${[Channel.HOTLINE_111, Channel.PROVINCIAL_HOTLINE, Channel.OTHER].map((c) => html`<option value="${c}"${channelDefault === c ? html` selected` : ''}>${t(`channel.${c}`)}</option>`)}</select>
<label for="callerPhone">${t('operator.callerPhone')}</label>
<input type="tel" id="callerPhone" name="callerPhone" value="${v('callerPhone')}" maxlength="30" autocomplete="off">
<div class="checks"><label><input type="checkbox" name="riskFlagged" value="true"${isOn(values, 'riskFlagged', 'true') ? html` checked` : ''}> ${t('operator.riskFlagged')}</label></div>
<div id="report-part">
<fieldset><legend>${t('report.child')}</legend>
<label for="childName">${t('report.childName')}</label>
<input type="text" id="childName" name="childName" value="${v('childName')}" maxlength="200" autocomplete="off">
<label for="childAge">${t('report.childAge')}</label>
<input type="number" id="childAge" name="childAge" min="0" max="17" value="${v('childAge')}">
<label for="childSex">${t('report.childSex')}</label>
<select id="childSex" name="childSex">${Object.values(Sex).map((s) => html`<option value="${s}"${(v('childSex') || Sex.UNKNOWN) === String(s) ? html` selected` : ''}>${t(`report.sex.${s}`)}</option>`)}</select>
</fieldset>
<fieldset><legend>${t('report.where')}</legend>
${placePicker(ctx, { provinces, communes, provinceCode: v('provinceCode') || (ctx.user?.provinceCode ?? ''), communeCode: v('communeCode') })}
<label for="address">${t('report.address')}</label>
<input type="text" id="address" name="address" value="${v('address')}" maxlength="500">
</fieldset>
<div class="checks" role="group" aria-label="${t('report.abuseTypes')}"><strong>${t('report.abuseTypes')}</strong><br>
${Object.values(AbuseType).map((a) => html`<label><input type="checkbox" name="abuseTypes" value="${a}"${isOn(values, 'abuseTypes', a) ? html` checked` : ''}> ${t(`abuse.${a}`)}</label>`)}
</div>
<label for="setting">${t('setting.label')}</label><select id="setting" name="setting">${Object.values(AbuseSetting).map((s) => html`<option value="${s}"${isOn(values, 'setting', s) || (!str(values, 'setting') && s === AbuseSetting.UNKNOWN) ? html` selected` : ''}>${t(`setting.${s}`)}</option>`)}</select>
<label for="narrative">${t('report.narrative')}</label>
<textarea id="narrative" name="narrative" maxlength="10000">${v('narrative')}</textarea>
<fieldset><legend>${t('report.you')}</legend>
<div class="checks"><label><input type="checkbox" name="anonymous" value="true"${isOn(values, 'anonymous', 'true') ? html` checked` : ''}> ${t('report.anonymous')}</label></div>
<label for="reporterName">${t('report.yourName')}</label>
<input type="text" id="reporterName" name="reporterName" value="${v('reporterName')}" maxlength="200">
<label for="relation">${t('report.relation')}</label>
<select id="relation" name="relation">${Object.values(Relation).map((r) => html`<option value="${r}"${(v('relation') || Relation.UNKNOWN) === String(r) ? html` selected` : ''}>${t(`relation.${r}`)}</option>`)}</select>
</fieldset>
</div>
<p id="link-choice" class="notice" role="status"${v('linkToCaseId') ? '' : html` hidden`}>${t('operator.willLink')} <strong id="link-choice-number">${v('linkCaseNumber')}</strong> <button type="button" class="secondary" id="link-clear">${t('operator.unlink')}</button></p>
<input type="hidden" id="linkCaseNumber" name="linkCaseNumber" value="${v('linkCaseNumber')}">
<label for="notes">${t('operator.notes')}</label>
<textarea id="notes" name="notes" maxlength="4000">${v('notes')}</textarea>
<p><button type="submit">${t('operator.submit')}</button></p>
</form>
<section><h2>${t('operator.lookup')}</h2><p class="muted">${t('operator.lookupHint')}</p>
<div id="caller-history" class="caller-box" aria-live="polite" hidden data-title="${t('caller.title')}" data-flags="${t('caller.flags')}" data-until="${t('caller.until')}" data-calls="${t('operator.earlierCalls')}" data-last="${t('caller.lastCall')}" data-types="${JSON.stringify(Object.fromEntries(Object.values(CallerFlagType).map((k) => [k, t(`callerflag.${k}`)])))}" data-calltypes="${JSON.stringify(Object.fromEntries(Object.values(CallType).map((k) => [k, t(`calltype.${k}`)])))}"></div>
<div id="lookup-results" aria-live="polite" data-none="${t('common.none')}" data-link="${t('operator.linkTo')}" data-calls="${t('operator.earlierCalls')}" data-dups="${t('operator.duplicates')}" data-cases="${t('operator.openCases')}" data-reasons="${JSON.stringify(Object.fromEntries(Object.keys(DUPLICATE_REASONS).map((k) => [k, t(`dup.${k}`)])))}" data-status="${JSON.stringify(Object.fromEntries(['RECEIVED', 'ASSESSING', 'PLANNING', 'INTERVENING', 'REVIEWING', 'CLOSED'].map((k) => [k, t(`casestatus.${k}`)])))}"></div>
<h2>${t('operator.todayCalls')}</h2>
${
  todayCalls.length
    ? html`<table class="responsive" id="today-calls"><thead><tr><th scope="col">${t('operator.startedAt')}</th><th scope="col">${t('operator.callType')}</th><th scope="col">${t('operator.callerPhone')}</th><th scope="col">${t('case.number')}</th></tr></thead><tbody>
${todayCalls.map((c) => html`<tr><td>${formatDateTime(c.startedAt as string)}</td><td>${t(`calltype.${String(c.callType)}`)}</td><td>${c.callerPhone ?? ''}</td><td>${c.caseNumber ?? ''}</td></tr>`)}
</tbody></table>`
    : html`<p class="muted">${t('common.none')}</p>`
}</section>
</div>`;
}

/** Why a case may be the same one, in the reader's language (the reason codes are the stable part). */
function duplicateReasons(ctx: PageContext, d: { reasons?: string[]; explanation: string[] }): string {
  return d.reasons ? d.reasons.map((r) => ctx.t(`dup.${r}`)).join('; ') : d.explanation.join('; ');
}

function outcomeBox(ctx: PageContext, o: CallOutcome): SafeHtml {
  const { t } = ctx;
  return html`<div class="notice" role="status" id="call-outcome"><strong>${t('operator.saved')}</strong>
${o.caseNumber ? html`<p>${o.linked ? t('operator.caseLinked') : t('operator.caseOpened')}: <strong id="case-number">${o.caseNumber}</strong></p>` : ''}
${
  o.duplicates.length && o.reportId && !o.linked
    ? html`<p>${t('operator.duplicatesAfter')}</p><ul>${o.duplicates.map(
        (d) => html`<li>${d.caseNumber} (${Math.round(d.score * 100)}%) — ${duplicateReasons(ctx, d)}
<form method="post" action="/operator/reports/${o.reportId}/link" class="inline-form"><input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="caseId" value="${d.caseId}"><button type="submit" class="secondary">${t('operator.linkTo')} ${d.caseNumber}</button></form></li>`,
      )}</ul>`
    : ''
}
</div>`;
}

import { placePicker } from './place-picker';
import { html, SafeHtml } from '../html';
import { errorList, PageContext } from '../layout';
import { AbuseSetting, AbuseType, Relation, Sex } from '../../intake/enums';

export function homePage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('home.title')}</h1>
<p>${t('home.intro')}</p>
<div class="danger-box" role="note"><strong>${t('report.dangerNow')}</strong> <a class="button danger" href="tel:111">${t('report.call111')}</a> <a class="button danger" href="tel:113">${t('report.call113')}</a></div>
<p><a class="button" href="/report">${t('home.reportOnline')}</a></p>
<p><a href="/status">${t('home.checkStatus')}</a> · <a href="/login">${t('home.staff')}</a></p>`;
}

/** `csrf`: the login token bound to the pre-login cookie (WebService.loginView); `askCode`: the TOTP field. */
export function loginPage(ctx: PageContext, error: string | null, username: string, next: string, csrf: string, askCode = false): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('login.title')}</h1>
${error ? html`<div class="errors" role="alert">${error}</div>` : ''}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="next" value="${next}">
<label for="username">${t('login.username')}</label>
<input type="text" id="username" name="username" value="${username}" autocomplete="username" required autofocus>
<label for="password">${t('login.password')}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
${
  askCode
    ? html`<label for="otp">${t('login.otp')}</label>
<input type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="32" required autofocus>`
    : ''
}
<p><button type="submit">${t('login.submit')}</button></p>
</form>`;
}

export interface ReportFormValues {
  [field: string]: string | string[] | undefined;
}

function checked(values: ReportFormValues, field: string, value: string): SafeHtml | '' {
  const v = values[field];
  return (Array.isArray(v) ? v.includes(value) : v === value) ? html` checked` : '';
}

function selected(values: ReportFormValues, field: string, value: string): SafeHtml | '' {
  return values[field] === value ? html` selected` : '';
}

/** The public report form: plain HTML that works without JavaScript on a cheap phone. */
export function reportPage(
  ctx: PageContext,
  provinces: { code: string; name: string }[],
  values: ReportFormValues,
  errors: string[],
  communes: { code: string; name: string }[] = [],
): SafeHtml {
  const { t } = ctx;
  const v = (f: string) => (typeof values[f] === 'string' ? values[f] : '');
  return html`<h1>${t('report.title')}</h1>
<p>${t('report.intro')}</p>
${errorList(t, errors)}
<div class="danger-box" role="alert"><strong>${t('report.dangerNow')}</strong> <a class="button danger" href="tel:111">${t('report.call111')}</a> <a class="button danger" href="tel:113">${t('report.call113')}</a></div>
<form method="post" action="/report" novalidate>
<input type="hidden" name="idempotencyKey" value="${v('idempotencyKey')}">
<fieldset><legend>${t('report.child')}</legend>
<label for="childName">${t('report.childName')} <span class="muted">(${t('common.required')})</span></label>
<input type="text" id="childName" name="childName" value="${v('childName')}" maxlength="200" required>
<label for="childAge">${t('report.childAge')} <span class="muted">(${t('common.optional')})</span></label>
<input type="number" id="childAge" name="childAge" min="0" max="17" value="${v('childAge')}" inputmode="numeric">
<label for="childSex">${t('report.childSex')}</label>
<select id="childSex" name="childSex">${Object.values(Sex).map((s) => html`<option value="${s}"${selected({ childSex: Sex.UNKNOWN, ...values }, 'childSex', s)}>${t(`report.sex.${s}`)}</option>`)}</select>
</fieldset>
<fieldset><legend>${t('report.where')}</legend>
${placePicker(ctx, { provinces, communes, provinceCode: v('provinceCode'), communeCode: v('communeCode') })}
<label for="address">${t('report.address')}</label>
<input type="text" id="address" name="address" value="${v('address')}" maxlength="500">
</fieldset>
<fieldset><legend>${t('report.what')}</legend>
<div class="checks" role="group" aria-label="${t('report.abuseTypes')}"><strong>${t('report.abuseTypes')}</strong><br>
${Object.values(AbuseType).map((a) => html`<label><input type="checkbox" name="abuseTypes" value="${a}"${checked(values, 'abuseTypes', a)}> ${t(`abuse.${a}`)}</label>`)}
</div>
<label for="setting">${t('setting.label')}</label><select id="setting" name="setting">${Object.values(AbuseSetting).map((s) => html`<option value="${s}"${values.setting ? selected(values, 'setting', s) : s === AbuseSetting.UNKNOWN ? html` selected` : ''}>${t(`setting.${s}`)}</option>`)}</select>
<label for="narrative">${t('report.narrative')}</label>
<textarea id="narrative" name="narrative" maxlength="10000">${v('narrative')}</textarea>
<div class="checks"><label><input type="checkbox" name="immediateDanger" value="true"${checked(values, 'immediateDanger', 'true')}> <strong>${t('report.danger')}</strong></label></div>
</fieldset>
<fieldset><legend>${t('report.you')}</legend>
<div class="checks"><label><input type="checkbox" name="anonymous" value="true"${checked(values, 'anonymous', 'true')}> ${t('report.anonymous')}</label></div>
<label for="reporterName">${t('report.yourName')}</label>
<input type="text" id="reporterName" name="reporterName" value="${v('reporterName')}" maxlength="200" autocomplete="name">
<label for="reporterPhone">${t('report.yourPhone')}</label>
<input type="tel" id="reporterPhone" name="reporterPhone" value="${v('reporterPhone')}" maxlength="30" autocomplete="tel">
<label for="relation">${t('report.relation')}</label>
<select id="relation" name="relation">${Object.values(Relation).map((r) => html`<option value="${r}"${selected(values, 'relation', r)}>${t(`relation.${r}`)}</option>`)}</select>
</fieldset>
<div class="hp" aria-hidden="true"><label for="website">${t('report.honeypot')}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${t('report.submit')}</button></p>
</form>`;
}

export function reportThanksPage(ctx: PageContext, trackingCode: string): SafeHtml {
  const { t } = ctx;
  return html`<div class="notice" role="status"><h1>${t('report.thanks')}</h1>
<p>${t('report.trackingCode')}:</p><p class="code" id="tracking-code">${trackingCode}</p>
<p>${t('report.keepCode')}</p></div>
<p><a href="/status?code=${encodeURIComponent(trackingCode)}">${t('nav.status')}</a></p>
<p>${t('report.dangerNow')} <a href="tel:111">111</a> · <a href="tel:113">113</a></p>`;
}

export function statusPage(ctx: PageContext, code: string, status: string | null, error: string | null): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t('status.title')}</h1>
<form method="get" action="/status">
<label for="code">${t('status.code')}</label>
<input type="text" id="code" name="code" value="${code}" autocomplete="off" autocapitalize="characters" maxlength="20" required>
<p><button type="submit">${t('status.check')}</button></p>
</form>
${error ? html`<div class="errors" role="alert">${error}</div>` : ''}
${status ? html`<div class="notice" role="status"><strong id="report-status">${t(`status.${status}`)}</strong></div>` : ''}`;
}

export function errorPage(ctx: PageContext, message: string): SafeHtml {
  return html`<h1>${ctx.t('error.title')}</h1><div class="errors" role="alert">${message}</div><p><a href="/">${ctx.t('nav.home')}</a></p>`;
}

import { Principal } from '../common/access/principal';
import { JurisdictionLevel, Role } from '../identity/enums';
import { html, SafeHtml } from './html';
import { Locale, Translate } from './i18n';

export interface PageContext {
  t: Translate;
  locale: Locale;
  user: Principal | null;
  csrf: string | null;
  path: string;
}

function navFor(ctx: PageContext): SafeHtml[] {
  const { t, user } = ctx;
  const links: [string, string][] = [];
  if (!user) links.push(['/report', t('nav.report')], ['/status', t('nav.status')], ['/login', t('nav.login')]);
  else {
    if (user.role === Role.CASE_WORKER || user.role === Role.AGENCY_OFFICER) links.push(['/tasks', t('nav.tasks')]);
    if (user.role === Role.HOTLINE_OPERATOR) links.push(['/operator', t('nav.operator')]);
    if (user.role === Role.SUPERVISOR) links.push(['/dashboard', t('nav.dashboard')], ['/approvals', t('nav.approvals')]);
    const national = user.jurisdictionLevel === JurisdictionLevel.NATIONAL;
    if (national && (user.role === Role.HOTLINE_OPERATOR || user.role === Role.SUPERVISOR)) links.push(['/triage', t('nav.triage')]);
    if (user.role === Role.CASE_WORKER || user.role === Role.SUPERVISOR) links.push(['/cases', t('nav.cases')]);
    if (user.role === Role.AGENCY_OFFICER) links.push(['/referrals', t('nav.referrals')]);
    if (user.role === Role.SUPERVISOR) links.push(['/statistics', t('nav.statistics')], ['/callers', t('nav.callers')]);
    links.push(['/notifications', t('nav.notifications')]);
  }
  return links.map(([href, label]) => html`<a href="${href}"${ctx.path === href ? html` aria-current="page"` : ''}>${label}</a>`);
}

/** The page shell: hotline banner, navigation, language switch. */
export function layout(ctx: PageContext, title: string, body: SafeHtml): SafeHtml {
  const { t, user, locale } = ctx;
  const other = locale === 'vi' ? 'en' : 'vi';
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t('app.name')}</title>
${ctx.csrf ? html`<meta name="csrf-token" content="${ctx.csrf}">` : ''}
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<a class="skip" href="#main">${t('nav.skip')}</a>
<div class="banner" role="note"><a href="tel:111">${t('hotline.banner')}</a></div>
<header>
<a class="brand" href="/">${t('app.name')}</a>
<nav aria-label="${t('nav.menu')}">${navFor(ctx)}</nav>
<a href="/lang/${other}?next=${encodeURIComponent(ctx.path)}" lang="${other}">${t('nav.language')}</a>
${user ? html`<form method="post" action="/logout" class="inline-form"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button class="secondary" type="submit">${t('nav.logout')} (${user.username})</button></form>` : ''}
</header>
<main id="main" tabindex="-1">
${body}
</main>
<script src="/assets/app.js" defer></script>
</body>
</html>`;
}

export function errorList(t: Translate, errors: string[]): SafeHtml {
  if (!errors.length) return html``;
  return html`<div class="errors" role="alert"><strong>${t('common.fixErrors')}</strong><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}

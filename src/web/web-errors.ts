import type { Response } from 'express';
import { AppConfig, AppMode } from '../config/config';
import { Principal } from '../common/access/principal';
import { HtmlErrorRenderer } from '../common/http/exception.filter';
import { html } from './html';
import { LOCALES, translator } from './i18n';
import { layout } from './layout';
import { errorPage } from './pages/public.pages';
import { csrfToken, parseCookies, SESSION_COOKIE, sessionCookieOptions, WebRequest } from './session';

/** Paths that belong to the API (JSON errors, the contract) rather than to pages. */
export function isApiPath(path: string): boolean {
  return /^\/(api|health)(\/|$)/.test(path);
}

/**
 * Errors on pages: an unauthenticated visitor is sent to the login page (and back afterwards); anything else
 * becomes a short page in the reader's language with the status of the error. API paths keep the JSON shape.
 */
export function webErrorRenderer(config: AppConfig): HtmlErrorRenderer {
  const secure = config.mode === AppMode.PRODUCTION;
  return (rawReq, rawRes, body) => {
    const req = rawReq as WebRequest & { user?: Principal };
    const res = rawRes as Response;
    const path = req?.path ?? '';
    if (!path || isApiPath(path)) return false;
    res.setHeader('Cache-Control', 'no-store');
    if (body.statusCode === 401) {
      if (parseCookies(req.headers?.cookie)[SESSION_COOKIE]) {
        const { maxAge: _maxAge, ...options } = sessionCookieOptions(0, secure);
        res.clearCookie(SESSION_COOKIE, options);
      }
      const next = req.method === 'GET' && path !== '/login' ? `?next=${encodeURIComponent(req.originalUrl ?? path)}` : '';
      res.redirect(303, `/login${next}`);
      return true;
    }
    const locale = LOCALES.includes(req.locale) ? req.locale : 'vi';
    const t = translator(locale);
    const user = req.user ?? null;
    const ctx = { t, locale, user, csrf: user && req.sessionToken ? csrfToken(config.jwtSecret, req.sessionToken) : null, path };
    const status = body.statusCode;
    const headline =
      status === 404
        ? t('error.notFound')
        : status === 403
          ? t('error.forbidden')
          : status === 429
            ? t('error.tooMany')
            : status >= 500
              ? t('error.server')
              : t('error.badRequest');
    // Details help with a refused form (400, 403, 409); a 404 must not confirm anything and a 500 has nothing to tell.
    const details = status >= 500 || status === 404 ? [] : ([] as string[]).concat(body.message);
    const page = layout(ctx, t('error.title'), html`${errorPage(ctx, headline)}${details.length ? html`<ul class="muted">${details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}`);
    res.status(status).type('html').send(page.value);
    return true;
  };
}

/** The languages of the message catalogues; Vietnamese is the default. */
export type MessageLocale = 'vi' | 'en';

/**
 * The language of a request's messages: the web user's choice (the language cookie of the screens) first, then
 * the first of `Accept-Language` we speak, else Vietnamese.
 */
export function requestLocale(cookieHeader: string | undefined, acceptLanguage: string | undefined): MessageLocale {
  const chosen = /(?:^|;\s*)bvte_lang=(vi|en)(?:;|$)/.exec(cookieHeader ?? '')?.[1];
  if (chosen) return chosen as MessageLocale;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...rest] = part.trim().toLowerCase().split(';');
      const q = Number(/q=([0-9.]+)/.exec(rest.join(';'))?.[1] ?? '1');
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => (x.lang === 'vi' || x.lang === 'en') && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.lang as MessageLocale | undefined) ?? 'vi';
}

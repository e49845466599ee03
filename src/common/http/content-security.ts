import { createHash } from 'node:crypto';

/**
 * Content-Security-Policy without 'unsafe-inline'. The web screens load their script and stylesheet from
 * /assets and carry no inline code or style, so 'self' is all they need. The OpenAPI UI's page (from
 * @nestjs/swagger) has two fixed inline <style> blocks and one style attribute, and swagger-ui applies one style
 * while rendering: those are allowed by hash, only on /api/docs. An upgrade that changes them fails
 * test/integration/security-headers.int-spec.ts (hashes of the served page) or the browser test (the console).
 */
const base = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export const DOCS_INLINE_STYLE_HASHES = [
  "'sha256-/jDKvbQ8cdux+c5epDIqkjHbXDaIY8RucT1PmAe8FG4='",
  "'sha256-eaPyLWVdqMc60xuz5bTp2yBRgVpQSoUggte1+40ONPU='",
  "'sha256-ezdv1bOGcoOD7FKudKN0Y2Mb763O6qVtM8LT2mtanIU='",
  // A style swagger-ui applies while it renders (seen by the browser test, test/browser/web-flow.e2e-spec.ts).
  "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
];

export const cspDirectives = (): Record<string, string[]> => ({ ...base });

export const docsCspDirectives = (): Record<string, string[]> => ({ ...base, styleSrc: ["'self'", "'unsafe-hashes'", ...DOCS_INLINE_STYLE_HASHES] });

/** The CSP source expression of an inline text (what a browser hashes: the exact text between the tags). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Every inline <style> body and style="" attribute of a page, hashed as a browser would. */
export function inlineStyleHashes(page: string): string[] {
  const blocks = [...page.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]);
  const attributes = [...page.matchAll(/\sstyle="([^"]*)"/gi)].map((m) => m[1]);
  return [...new Set([...blocks, ...attributes].map(cspHash))];
}

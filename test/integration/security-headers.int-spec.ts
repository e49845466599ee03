import { startTestApp, TestApp } from '../support/test-app';
import { inlineStyleHashes } from '../../src/common/http/content-security';

/** A Content-Security-Policy without 'unsafe-inline': what each page carries inline is allowed by hash or not at all. */
describe('content security policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const directives = (header: string) =>
    Object.fromEntries(
      header
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name, values]),
    );
  const inlineScripts = (page: string) => [...page.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]).filter((s) => s.trim());

  it.each(['/', '/report', '/login', '/api/v1/geo/provinces'])('%s: scripts and styles only from this site, nothing inline', async (path) => {
    const res = await t.http().get(path).expect(200);
    const header = String(res.headers['content-security-policy']);
    expect(header).not.toContain('unsafe-inline');
    const d = directives(header);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['style-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    if (res.type === 'text/html') {
      expect(inlineScripts(res.text)).toEqual([]);
      expect(inlineStyleHashes(res.text)).toEqual([]);
      expect(res.text).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it("/api/docs: the OpenAPI UI's fixed inline styles are allowed by their hashes, and nothing else inline", async () => {
    const res = await t.http().get('/api/docs/').expect(200);
    const header = String(res.headers['content-security-policy']);
    expect(header).not.toContain('unsafe-inline');
    const d = directives(header);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(inlineScripts(res.text)).toEqual([]);
    const allowed = d['style-src'].filter((s: string) => s.startsWith("'sha256-"));
    expect(inlineStyleHashes(res.text).length).toBeGreaterThan(0);
    for (const hash of inlineStyleHashes(res.text)) expect(allowed).toContain(hash);
  });
});

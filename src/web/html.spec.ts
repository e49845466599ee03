import { escapeHtml, html, raw } from './html';

describe('html', () => {
  it('escapes interpolated text', () => {
    expect(html`<p>${'<script>alert("x")</script>'}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });
  it('keeps raw and nested html, joins arrays, drops null/false', () => {
    const items = ['a', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${false}${raw('<hr>')}`.value).toBe('<ul><li>a</li><li>b</li></ul><hr>');
  });
  it('escapes quotes for attributes', () => {
    expect(escapeHtml(`" onmouseover='x'`)).toBe('&quot; onmouseover=&#39;x&#39;');
  });
  it('keeps Vietnamese text as is', () => {
    expect(html`${'Nguyễn Thị Hoa'}`.value).toBe('Nguyễn Thị Hoa');
  });
});

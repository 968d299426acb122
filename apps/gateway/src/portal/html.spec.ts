import { escapeHtml, html, mailtoUrl, multiline, safeUrl, telUrl, trusted } from './html.js';

describe('portal HTML escaping', () => {
  it('escapes the five HTML specials and the backtick', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('escapes every interpolated value of a template, in text and in attributes', () => {
    const name = '<script>alert(1)</script>';
    const attribute = '" autofocus onfocus="alert(1)';
    expect(html`<p title="${attribute}">${name}</p>`.value).toBe('<p title="&quot; autofocus onfocus=&quot;alert(1)">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('keeps nested templates as markup, escapes lists item by item and drops null, undefined and booleans', () => {
    const items = ['a&b', html`<b>${'<i>'}</b>`];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.value).toBe('<ul><li>a&amp;b</li><li><b>&lt;i&gt;</b></li></ul>');
    expect(html`${null}${undefined}${false}${true}${0}`.value).toBe('0');
  });

  it('never lets a plain string pass as markup; only trusted() does', () => {
    const fragment = '<em>x</em>';
    expect(html`${fragment}`.value).toBe('&lt;em&gt;x&lt;/em&gt;');
    expect(html`${trusted(fragment)}`.value).toBe(fragment);
  });

  it('keeps line breaks of multi-line text as <br>, each line escaped', () => {
    expect(multiline('Ligne 1 <b>\r\n- Ligne 2 & 3').value).toBe('Ligne 1 &lt;b&gt;<br>- Ligne 2 &amp; 3');
  });

  it('accepts only http(s) URLs from data as link targets', () => {
    expect(safeUrl('https://www.cass-cssa.be/a?b=1')).toBe('https://www.cass-cssa.be/a?b=1');
    expect(safeUrl('http://example.be')).toBe('http://example.be/');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>', 'vbscript:x', '//evil.example', 'not a url', '', null]) expect(safeUrl(bad)).toBeNull();
  });

  it('builds tel: links in international form and refuses what is not a phone number', () => {
    expect(telUrl('02/435.51.38')).toBe('tel:+3224355138');
    expect(telUrl('+32 2 435 51 38')).toBe('tel:+3224355138');
    expect(telUrl('0475 12 34 56')).toBe('tel:+32475123456');
    expect(telUrl('call us')).toBeNull();
  });

  it('builds mailto: links only for a single plain address', () => {
    expect(mailtoUrl('cass@cpas-schaerbeek.be')).toBe('mailto:cass@cpas-schaerbeek.be');
    for (const bad of ['a@b.be?bcc=c@d.be', 'a@b.be,c@d.be', 'a b@c.be', 'javascript:alert(1)//@x.be', 'nobody']) expect(mailtoUrl(bad)).toBeNull();
  });
});

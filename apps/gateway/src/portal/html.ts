/**
 * The portal's only way to produce HTML: the `html` tagged template escapes every interpolated
 * value unless it is already `SafeHtml` (the result of another `html` template), so text from
 * the directory, the query string or a service can never become markup (XSS). Attribute values
 * are escaped the same way (quotes included); URLs that come from data go through `safeUrl`.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** Something an `html` template accepts: text (escaped), numbers, SafeHtml, lists of those; nothing for null, undefined and false. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup written in this code base, not data (a fixed SVG symbol, a generated and escaped path). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Text with its line breaks kept: each line escaped, joined by `<br>`. */
export function multiline(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split(/\r?\n/)
      .map((line) => escapeHtml(line))
      .join('<br>'),
  );
}

/**
 * A link target from data (a website of a fiche): only absolute http(s) URLs pass, so a stored
 * `javascript:` or `data:` URL can never be rendered as a link. Null when it is not one.
 */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** `tel:` target: digits and a leading + only (Belgian numbers are written 02/435.51.38, +32 2 …). */
export function telUrl(number: string): string | null {
  const digits = number.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  if (digits.replace('+', '').length < 6) return null;
  return `tel:${digits.startsWith('+') || !digits.startsWith('0') ? digits : `+32${digits.slice(1)}`}`;
}

/** `mailto:` target of a plain address (nothing that could add headers or other recipients). */
export function mailtoUrl(address: string): string | null {
  return /^[^\s@?&#<>"',;:]+@[^\s@?&#<>"',;:]+\.[A-Za-z]{2,}$/.test(address) ? `mailto:${address}` : null;
}

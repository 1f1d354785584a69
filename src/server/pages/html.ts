// The one way pages put text into HTML: the `html` tagged template escapes every interpolated value
// unless it is already Html (made by `html` itself). User data never meets string concatenation.
import { GUIDE_CSS } from './style';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** `html\`<p>${name}</p>\`` — values are escaped; arrays are joined; null/undefined/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as Part) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Values for a URL's query or path, escaped for the attribute as well by `html`. */
export function urlPart(value: string): string {
  return encodeURIComponent(value);
}

/** The whole document: phone viewport, system fonts, the one inline stylesheet, no script. */
export function page(title: string, body: Html): string {
  return `<!doctype html>\n${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="format-detection" content="telephone=no"><title>${title}</title><style>${new Html(GUIDE_CSS)}</style></head><body><div class="wrap">${body}<footer class="foot">代办不包办、服务不揽责 · 全程免费</footer></div></body></html>`.text}`;
}

/** The one HTML escaper: text and attribute values (both quote kinds), for pages, emails and the local stack. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NEEDS_ESCAPE = /[&<>"']/;

export function escapeHtml(value: unknown): string {
  const text = String(value);
  // Most values (URLs, plain sentences) need nothing: test once before paying for a replace.
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : text;
}

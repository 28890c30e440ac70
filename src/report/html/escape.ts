// HTML/XML escaping: every user string reaches a page through one of these.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike (quotes included, so one function is enough). */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A relative URL: each path segment percent-encoded, then HTML-escaped. */
export function hrefPath(rel: string, fragment?: string): string {
  const p = rel
    .split(/[\\/]/)
    .map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg)))
    .join('/');
  return esc(fragment ? `${p}#${encodeURIComponent(fragment)}` : p);
}

// The only ways user text reaches generated files: one escaper per target language
// and one identifier sanitizer. Templates never see raw user strings in code positions.

const JAVA_KEYWORDS = new Set(
  (
    'abstract assert boolean break byte case catch char class const continue default do double else enum extends final ' +
    'finally float for goto if implements import instanceof int interface long native new package private protected public ' +
    'return short static strictfp super switch synchronized this throw throws transient try void volatile while true false ' +
    'null var record yield sealed permits non-sealed when _'
  ).split(' '),
);

/** A Java string literal, quotes included, ASCII only: safe in any code position and in `//` comments. */
export function javaString(s: string): string {
  return `"${javaEscape(s)}"`;
}

function javaEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp > 0xffff) {
      // Surrogate pair as two \u escapes; a backslash-u in the output is always intentional here.
      const hi = Math.floor((cp - 0x10000) / 0x400) + 0xd800;
      const lo = ((cp - 0x10000) % 0x400) + 0xdc00;
      out += `\\u${hi.toString(16).padStart(4, '0')}\\u${lo.toString(16).padStart(4, '0')}`;
    } else out += `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Text for a Java `//` comment (never a block comment): no line terminator or raw backslash-u gets through. */
export function javaComment(s: string): string {
  return javaEscape(s);
}

/** A Java identifier made from any text: letters/digits/_ kept, the rest dropped, keywords suffixed. */
export function javaIdentifier(s: string, fallback = 'x'): string {
  let id = s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id === '') id = fallback;
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (JAVA_KEYWORDS.has(id)) id = `${id}_`;
  return id;
}

/** UpperCamelCase Java class name from any text. */
export function javaClassName(s: string, suffix: string): string {
  const parts = s
    .normalize('NFKD')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let name = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  if (name === '' || /^[0-9]/.test(name)) name = `Topology${name}`;
  return javaIdentifier(name + suffix);
}

/** A fully qualified Java name is used as code only when every segment is a valid identifier. */
export function isQualifiedJavaName(s: string): boolean {
  return s.split('.').every((p) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p) && !JAVA_KEYWORDS.has(p));
}

/** A lower-case Java package segment. */
export function javaPackageSegment(s: string): string {
  return javaIdentifier(s.toLowerCase(), 'topology');
}

/** A folder or Maven artifactId: lower-case ASCII, dashes, never `.`/`..` or a name Windows reserves, bounded length. */
export function folderName(s: string): string {
  const out = s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/.test(out)) return `${out}-`;
  return out || 'topology';
}

/** Unique folder names, stable for a given input order. */
/**
 * The one naming of topologies' output folders, in the order of `ids`: `translate --out`, `migrate --out`
 * (and its report pages) and `verify --out` name a topology alike. Lower-case, so unique on any file system.
 */
export function uniqueFolderNames(ids: string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    const base = folderName(id);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return name;
  });
}

/** A POSIX shell word in single quotes. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** XML text or attribute content. Characters XML 1.0 forbids are replaced. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Inline Markdown: code span safe for any text (one line, backticks fenced). */
export function mdCode(s: string): string {
  const oneLine = s.replace(/\r?\n|\r/g, '\u23ce').replace(/\|/g, '\\|');
  let fence = '`';
  while (oneLine.includes(fence)) fence += '`';
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** Inline Markdown text for a table cell or a list item: one line, pipes and HTML neutralized. */
export function mdText(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/([\\`*_[\]|<>#])/g, '\\$1');
}

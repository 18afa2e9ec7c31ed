/** Escaping for the two places user text enters the report: HTML text and inline JSON. */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON to place inside a <script> element. Escaping every `<` means no "</script>" or "<!--" can
 * end or confuse the element whatever the data holds; `>` and `&` are escaped too so the text
 * is also inert if it is ever moved into ordinary HTML. U+2028/2029 are escaped for old parsers
 * that treat them as line ends inside strings.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** CSV for spreadsheets: RFC 4180 quoting, a header row, numbers written in full. */

export type CsvValue = string | number | boolean | null | undefined;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly Record<string, CsvValue>[], columns?: readonly string[]): string {
  const header = columns ?? (rows.length > 0 ? Object.keys(rows[0]!) : []);
  const lines = [header.map(cell).join(",")];
  for (const row of rows) lines.push(header.map((c) => cell(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}

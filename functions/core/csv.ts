/**
 * CSV as RFC 4180 has it (CRLF line ends, fields quoted when they hold a comma, quote or line break),
 * with a leading = + - @ tab or CR in a text field defused for spreadsheets (OWASP CSV injection).
 * Both rating exports (a person's own, the operator's) write through it.
 */

export type CsvValue = string | number | boolean;

function csvField(v: CsvValue): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvTable(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

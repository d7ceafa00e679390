/**
 * RFC 4180 CSV, with a byte-order mark so spreadsheet programs read the Chinese correctly. A text
 * cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
 * gets a leading apostrophe, as OWASP advises; NUL is dropped. Numbers are written as numbers.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => {
    if (typeof v === 'number') return String(v)
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    let s = (v ?? '').replace(/\u0000/g, '')
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

/**
 * Text people type, as it is stored: control characters (other than line breaks and tabs in
 * multi-line text), zero-width characters and bidirectional overrides removed, then trimmed. They
 * hide words from the judge and from readers ("抱\u200b歉"), and turn names into spoofs.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

export function cleanText(text: string, { multiline = false } = {}): string {
  const cleaned = text.replace(INVISIBLE, '')
  return (multiline ? cleaned.replace(/\r\n?/g, '\n') : cleaned.replace(/[\t\r\n]+/g, ' ')).trim()
}

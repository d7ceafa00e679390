/**
 * Verification codes: 20 characters of Crockford base32 (100 bits), with no I, L, O or U, so a
 * code read aloud or typed from paper survives. Shown in groups of five.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const CODE_LENGTH = 20

/** A code as people type it (lower case, spaces, dashes, O for 0, I or L for 1) in its stored form. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

/** Whether a stored-form code could be one of ours (it may still be unknown). */
export function isCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c))
}

export function formatCode(code: string): string {
  return code.match(/.{1,5}/g)?.join('-') ?? code
}

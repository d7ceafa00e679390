import { randomBytes } from 'node:crypto'
import { CODE_ALPHABET, CODE_LENGTH } from './codes.ts'

/** 100 random bits as a verification code. */
export function newVerificationCode(): string {
  const bytes = randomBytes(13)
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let out = ''
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  return out
}

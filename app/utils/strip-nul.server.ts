import { Transform } from 'node:stream'

/**
 * NOTE: React 18's renderToPipeableStream pads a 2 KiB chunk with NUL bytes when the next
 * multi-byte character does not fit at its end (facebook/react#24985; React 19 fixes it, 18.3
 * does not). Pages in Chinese hit this all the time, and a browser turns a NUL inside an
 * attribute into U+FFFD, so labels came out garbled. Text encoded as UTF-8 never contains a
 * 0x00 byte, so the NUL bytes that end a chunk are always this padding and are dropped here.
 */
export function createNulStripper() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length
      while (end > 0 && chunk[end - 1] === 0) end--
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end))
    },
  })
}

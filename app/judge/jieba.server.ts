import { createRequire } from 'node:module'
import type { Segmenter } from './recognise.ts'

/**
 * jieba (native, through @node-rs/jieba) with its default dictionary plus every phrase of the
 * vocabularies, so a listed phrase is never cut in two. Server only: the binary does not reach
 * the browser.
 */
export function jiebaSegmenter(phrases: Iterable<string>): Segmenter {
  const require = createRequire(import.meta.url)
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba')
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }
  const extra = [...new Set(phrases)]
    .filter((p) => /^\p{Script=Han}{2,}$/u.test(p))
    .map((p) => `${p} 100000`)
    .join('\n')
  const jieba = Jieba.withDict(Buffer.concat([Buffer.from(dict), Buffer.from(`\n${extra}\n`)]))
  return {
    name: 'jieba',
    cut(text) {
      const out: { index: number; segment: string }[] = []
      let at = 0
      for (const segment of jieba.cut(text, false)) {
        out.push({ index: at, segment })
        at += segment.length
      }
      return out
    },
  }
}

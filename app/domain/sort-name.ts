import { pinyin } from 'pinyin-pro'

/**
 * A name as it sorts for a Chinese reader: the pinyin of each character (no tones), then the
 * name itself after a tab (below every letter; PostgreSQL text holds no NUL) to keep homophones apart. 陈晨 "chen chen" sorts before 丁冬 "ding dong".
 */
export function nameSortKey(name: string): string {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
  return `${syllables.map((s) => s.trim().toLowerCase()).join(' ')}\t${name}`
}

/**
 * Pure checks shared by `content:check` and `scenario check`: choices that give the answer
 * away by their length, ASCII spaces inside Chinese text, and citations of law that are not
 * in the registry (content/laws.yaml).
 */

/** One multiple-choice item: the texts of its best choice(s) and of the others. */
export interface ChoiceItem {
  /** Where the item is, for the warning: a file line and a field path. */
  line: number
  field: string
  best: string[]
  others: string[]
}

export interface LengthTell {
  line: number
  field: string
  message: string
}

/** An item's best choice counts as the longest when no other choice is longer. */
export const LONGEST_SHARE_LIMIT = 0.4
/** How far the best choice's length may stray from the median of the others. */
export const MEDIAN_GAP_LIMIT = 0.35

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Characters a reader sees: spaces do not make an option look longer. */
export function visibleLength(text: string): number {
  return [...text.replace(/\s+/g, '')].length
}

export interface LengthFigures {
  items: number
  /** Items whose best choice is the longest (ties included). */
  longest: number
  /** Items whose best choice strays more than MEDIAN_GAP_LIMIT from the median of the others. */
  outliers: number
}

/**
 * Warns when, across one file, the best choice is the longest in more than 40% of the items,
 * and for each item whose best choice is more than 35% longer or shorter than the median of
 * the other choices.
 */
export function lengthTells(items: readonly ChoiceItem[], fileField = ''): { figures: LengthFigures; warnings: LengthTell[] } {
  const warnings: LengthTell[] = []
  let longest = 0
  let outliers = 0
  const scored = items.filter((i) => i.best.length > 0 && i.others.length > 0)
  for (const item of scored) {
    const best = item.best.map(visibleLength).reduce((a, b) => a + b, 0) / item.best.length
    const others = item.others.map(visibleLength)
    if (best >= Math.max(...others)) longest++
    const m = median(others)
    const gap = m === 0 ? 0 : (best - m) / m
    if (Math.abs(gap) > MEDIAN_GAP_LIMIT) {
      outliers++
      const how = gap > 0 ? 'longer' : 'shorter'
      warnings.push({
        line: item.line,
        field: item.field,
        message: `the best choice is ${Math.round(Math.abs(gap) * 100)}% ${how} than the median of the others (${Math.round(best)} vs ${m} characters; at most ${MEDIAN_GAP_LIMIT * 100}%)`,
      })
    }
  }
  if (scored.length > 0 && longest / scored.length > LONGEST_SHARE_LIMIT) {
    warnings.unshift({
      line: scored[0]!.line,
      field: fileField,
      message: `the best choice is the longest in ${longest} of ${scored.length} items (${Math.round((longest / scored.length) * 100)}%; at most ${LONGEST_SHARE_LIMIT * 100}%)`,
    })
  }
  return { figures: { items: scored.length, longest, outliers }, warnings }
}

// Han characters, CJK symbols and punctuation, full-width forms, and the quotes, dashes and
// ellipsis Chinese text uses.
const CJK = '[\\p{Script=Han}\\u3000-\\u303f\\uff01-\\uff60\\u2018\\u2019\\u201c\\u201d\\u2014\\u2026]'
const CJK_SPACE = new RegExp(`(${CJK})( +)(?=${CJK})`, 'gu')

/** Offsets of ASCII spaces standing between two CJK characters or CJK punctuation. */
export function cjkSpaces(text: string): { index: number; context: string }[] {
  const found: { index: number; context: string }[] = []
  for (const m of text.matchAll(CJK_SPACE)) {
    const index = m.index! + m[1]!.length
    found.push({ index, context: text.slice(Math.max(0, index - 6), index + m[2]!.length + 6) })
  }
  return found
}

export interface Citation {
  law: string
  article?: string
  /** Offset in the text searched. */
  index: number
  text: string
}

const NUMERAL = '[零〇一二三四五六七八九十百千]+'
/** 《法名》第X条 — and bare 《法名》 where the name reads as a law or regulation. */
const BRACKETED = new RegExp(`《([^》\\n]+)》(第${NUMERAL}条)?`, 'gu')
const LOOKS_LIKE_LAW = /(法|法典|条例|办法|规定|规则|细则|解释)$/u

/** Every citation of law in a text: 《…》 with or without an article, and `alias第X条`. */
export function citations(text: string, aliases: readonly string[] = []): Citation[] {
  const found: Citation[] = []
  for (const m of text.matchAll(BRACKETED)) {
    const law = m[1]!.trim()
    if (!m[2] && !LOOKS_LIKE_LAW.test(law)) continue
    found.push({ law, article: m[2], index: m.index!, text: m[0] })
  }
  if (aliases.length) {
    const alias = new RegExp(`(?<!《)(${aliases.map(escape).join('|')})(第${NUMERAL}条)`, 'gu')
    for (const m of text.matchAll(alias)) found.push({ law: m[1]!, article: m[2], index: m.index!, text: m[0] })
  }
  return found.sort((a, b) => a.index - b.index)
}

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export interface LawEntry {
  name: string
  aliases?: string[]
  effective: string
  articles: Record<string, string>
}

/** Why a citation is not backed by the registry, or null when it is. */
export function citationProblem(c: Citation, laws: readonly LawEntry[]): string | null {
  const law = laws.find((l) => l.name === c.law || l.aliases?.includes(c.law))
  if (!law) return `${c.text} cites a law that is not in content/laws.yaml`
  if (c.article && !(c.article in law.articles)) return `${c.text}: ${c.article} of ${law.name} is not in content/laws.yaml`
  return null
}

/** The newest effective date among the laws a text cites: the date its legal basis is current to. */
export function legalBasisDate(cited: readonly Citation[], laws: readonly LawEntry[]): string | null {
  let newest: string | null = null
  for (const c of cited) {
    const law = laws.find((l) => l.name === c.law || l.aliases?.includes(c.law))
    if (law && (!newest || law.effective > newest)) newest = law.effective
  }
  return newest
}

/** 1-based line of an offset in a text. */
export function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

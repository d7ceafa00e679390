/**
 * Recognises intents in a free-text Chinese reply. Pure and synchronous, so the server, the
 * browser and the tests run the same code. Intl.Segmenter (built into Node and browsers)
 * splits the reply into words; a short phrase matches only on word boundaries, so a lookalike
 * inside a longer word ("对" in "对不起") does not count; the longest phrase wins where
 * phrases overlap ("不是我们的问题" over "是我们的问题"); and a phrase preceded in its clause
 * by a negator ("我不能理解", "这不是您的问题") is reported as negated, not as the intent.
 */
export interface IntentDefinition {
  id: string
  /** Words or phrases that express the intent; synonyms are simply more phrases. */
  phrases: readonly string[]
}

export interface IntentMatch {
  intent: string
  /** The words of the reply that matched, as the trainee typed them. */
  words: string
  /** Offset in the normalised reply. */
  start: number
  negated: boolean
}

const NEGATORS = ['不是', '不能', '不会', '不用', '不要', '没有', '并不', '从不', '绝不', '别', '不', '没']
/** Words that may stand between a negator and the phrase it negates ("不太理解", "没有真正道歉"). */
const MAX_WORDS_BETWEEN = 2
const CLAUSE_BREAK = /[，。！？；,.!?;\n…~、]/

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

/** Full-width forms to half-width, lower case, no spaces: the form phrases are matched in. */
export function normalise(text: string) {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

export function recognise(reply: string, intents: readonly IntentDefinition[]): IntentMatch[] {
  const text = normalise(reply)
  const words = [...segmenter.segment(text)]
  const starts = new Set(words.map((w) => w.index))
  const ends = new Set(words.map((w) => w.index + w.segment.length))

  const candidates: { intent: string; start: number; end: number }[] = []
  for (const intent of intents) {
    for (const raw of intent.phrases) {
      const phrase = normalise(raw)
      if (!phrase) continue
      for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
        const end = at + phrase.length
        // Short phrases must be whole words ("对" is not in "对不起"); longer ones are specific
        // enough to match inside a word the segmenter drew differently ("换作是我" in "换作是我也").
        if (phrase.length >= 3 || (starts.has(at) && ends.has(end))) candidates.push({ intent: intent.id, start: at, end })
      }
    }
  }
  // Longest first; a span already claimed by a longer phrase cannot match again.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const taken: { start: number; end: number }[] = []
  const matches: IntentMatch[] = []
  for (const c of candidates) {
    if (taken.some((t) => c.start < t.end && t.start < c.end)) continue
    taken.push(c)
    matches.push({ intent: c.intent, words: text.slice(c.start, c.end), start: c.start, negated: isNegated(words, c.start) })
  }
  return matches.sort((a, b) => a.start - b.start)
}

/** Intents the reply expresses, without negated mentions, each once. */
export function intentsOf(matches: readonly IntentMatch[]) {
  return [...new Set(matches.filter((m) => !m.negated).map((m) => m.intent))]
}

/** Words that contain a negator but negate nothing (or ask a question). */
const NOT_NEGATORS = new Set([
  '不好意思', '不客气', '不错', '没错', '不过', '不但', '不仅', '不久', '不管', '不少', '没关系',
  '对不起', '差不多', '了不起', '来不及', '是不是', '有没有', '要不要', '能不能', '会不会', '行不行',
])
/** Single characters that negate only the word right after them ("无门槛" is not "no coupon"). */
const TIGHT_NEGATORS = new Set(['无', '非', '未'])
/** A negator, alone or glued by the segmenter to an adverb before it ("也不", "是不", "还没"). */
const GLUED_NEGATOR = /^[也是都还并就又却可再]?(不|没|别)/

function isNegator(word: string, between: number) {
  if (NOT_NEGATORS.has(word)) return false
  if (TIGHT_NEGATORS.has(word)) return between === 0
  return NEGATORS.includes(word) || (word.length <= 3 && GLUED_NEGATOR.test(word))
}

function isNegated(words: readonly Intl.SegmentData[], start: number) {
  const before = words.filter((w) => w.index + w.segment.length <= start)
  let between = 0
  for (let i = before.length - 1; i >= 0; i--) {
    const w = before[i]!.segment
    if (CLAUSE_BREAK.test(w)) return false
    // "有/没有", "是/不是": the segmenter split a yes-no question, which negates nothing.
    const joined = (before[i - 1]?.segment ?? '') + w
    if (NOT_NEGATORS.has(joined)) return false
    if (isNegator(w, between)) return true
    if (++between > MAX_WORDS_BETWEEN) return false
  }
  return false
}

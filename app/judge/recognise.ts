/**
 * Recognises what a free-text reply says: intents from phrases and patterns, each judged in
 * its clause (negated, a question, rhetorical, conditional, quoted, sarcastic), and the
 * behaviours the live intents show. Pure and synchronous; the segmenter is injected so the
 * benchmark can compare segmenters on the corpus (decision 010).
 */
import { BEHAVIOUR_OF_BREACH, BREACH_OF, isNegative, type Behaviour } from './behaviours.ts'
import { buildDictionary, normalise, basicForm, patternForm, type Correction, type PhraseDictionary } from './normalise.ts'
import { compilePattern } from './patterns.ts'
import type { Breach } from '#app/roleplay/schema.ts'

export interface IntentDefinition {
  id: string
  phrases: readonly string[]
  patterns?: readonly string[]
  behaviour?: Behaviour
  breach?: Breach
  /** Counts only when asserted: a question, a condition or a hedge discounts it. */
  commitment?: boolean
  /** A weak sign: counts only when the reply shows no positive behaviour. */
  weak?: boolean
  /** Where the intent came from: a vocabulary id, or `scenario`. */
  source?: string
}

export interface Lexicon {
  intents: ReadonlyMap<string, CompiledIntent>
  cues: readonly Cue[]
  dictionary: PhraseDictionary
  aliases: ReadonlyMap<string, string>
}

interface CompiledIntent {
  id: string
  behaviour?: Behaviour
  breach?: Breach
  commitment: boolean
  weak: boolean
  negative: boolean
  source: string
}

interface Cue {
  intent: string
  /** The phrase or pattern as the vocabulary wrote it. */
  source: string
  literal?: string
  regex?: RegExp
}

export type Discount = 'negated' | 'question' | 'conditional' | 'quoted' | 'sarcastic' | 'outweighed' | 'tone'

export interface IntentMatch {
  intent: string
  /** The words of the (normalised) reply that matched. */
  words: string
  start: number
  end: number
  /** The phrase or pattern behind it. */
  cue: string
  /** Why the match does not count, or null when it does. */
  discounted: Discount | null
  /** Why a negated-looking match still counts. */
  affirmed?: 'double-negation' | 'rhetorical'
  /** Kept for older readers of stored turns: the match does not count. */
  negated: boolean
}

export interface BehaviourFinding {
  behaviour: Behaviour
  intent: string
  words: string
  cue: string
}

export interface Recognition {
  /** The reply as it was matched, after normalisation. */
  text: string
  corrections: Correction[]
  matches: IntentMatch[]
  /** Intents that count, each once, in order of appearance. */
  intents: string[]
  behaviours: BehaviourFinding[]
  breaches: { breach: Breach; intent: string; words: string }[]
}

export interface Segmenter {
  name: string
  cut(text: string): { index: number; segment: string }[]
}

const intl = new Intl.Segmenter('zh', { granularity: 'word' })
export const intlSegmenter: Segmenter = {
  name: 'Intl.Segmenter',
  cut: (text) => [...intl.segment(text)].map((s) => ({ index: s.index, segment: s.segment })),
}

let defaultSegmenter: Segmenter = intlSegmenter
/** Sets the segmenter every later recognition uses (the benchmark compares them). */
export function setDefaultSegmenter(segmenter: Segmenter) {
  defaultSegmenter = segmenter
}

export function buildLexicon(
  intents: readonly IntentDefinition[],
  options: { slots?: ReadonlyMap<string, readonly string[]>; aliases?: ReadonlyMap<string, string> } = {},
): Lexicon {
  const slots = new Map([...(options.slots ?? new Map())].map(([k, v]) => [k, v.map(basicForm)] as const))
  const compiled = new Map<string, CompiledIntent>()
  const cues: Cue[] = []
  for (const def of intents) {
    const behaviour = def.behaviour ?? (def.breach ? BEHAVIOUR_OF_BREACH[def.breach] : undefined)
    compiled.set(def.id, {
      id: def.id,
      behaviour,
      breach: def.breach ?? (behaviour && isNegative(behaviour) ? BREACH_OF[behaviour] : undefined),
      commitment: def.commitment ?? behaviour === 'illegal-promise',
      weak: def.weak ?? false,
      negative: behaviour ? isNegative(behaviour) : false,
      source: def.source ?? 'scenario',
    })
    for (const phrase of def.phrases) {
      const literal = basicForm(phrase)
      if (literal) cues.push({ intent: def.id, source: phrase, literal })
    }
    for (const pattern of def.patterns ?? [])
      cues.push({ intent: def.id, source: pattern, regex: compilePattern(patternForm(pattern), slots) })
  }
  const dictionary = buildDictionary(cues.flatMap((c) => (c.literal ? [c.literal] : [])))
  return {
    intents: compiled,
    cues,
    dictionary,
    aliases: new Map([...(options.aliases ?? new Map())].map(([k, v]) => [k.toLowerCase(), v])),
  }
}

const SENTENCE_END = /[。！？\n]/
const CLAUSE_END = /[，。！？；：…～~\n、]/
/** Words after which a negation no longer reaches: a new subject or a fresh start. */
const SCOPE_BARRIERS = new Set([
  '我',
  '我们',
  '咱们',
  '马上',
  '立刻',
  '现在',
  '这就',
  '但',
  '但是',
  '不过',
  '可是',
  '而是',
  '只是',
  '所以',
  '然后',
  '先',
  '会',
])
const NEGATOR_WORDS = new Set([
  '不',
  '没',
  '别',
  '未',
  '无',
  '非',
  '莫',
  '勿',
  '不是',
  '不能',
  '不会',
  '不用',
  '不要',
  '不可',
  '不可以',
  '不该',
  '不必',
  '不想',
  '不敢',
  '没有',
  '没法',
  '并不',
  '从不',
  '从没',
  '绝不',
  '决不',
  '毫不',
  '并非',
  '无法',
  '未曾',
  '不曾',
  '不得',
  '不太',
  '不怎么',
])
/** Words that hold a negator character but negate nothing (or ask a yes-no question). */
const NOT_NEGATORS = new Set([
  '不好意思',
  '不客气',
  '不错',
  '没错',
  '不过',
  '不但',
  '不仅',
  '不久',
  '不管',
  '不少',
  '没关系',
  '对不起',
  '差不多',
  '了不起',
  '来不及',
  '是不是',
  '有没有',
  '要不要',
  '能不能',
  '会不会',
  '行不行',
  '可不可以',
  '好不好',
  '对不对',
  '不然',
  '无论',
  '无门槛',
  '非常',
  '无需',
  '不论',
  '不断',
  '不停',
  '别的',
  '别人',
  '别处',
  '无误',
  '未来',
  '并且',
  '不止',
])
const YES_NO = new Set(['是不是', '有没有', '会不会', '能不能', '要不要', '是否', '算不算', '属不属于'])
const TIGHT = new Set(['无', '非', '未', '莫', '勿'])
const GLUED_NEGATOR = /^[也是都还并就又却可再更从]?(不|没|别)/
const RHETORICAL = /难道|凭什么|岂|何必|何况|谁让|还不是|怎么(?:会|能|可能)/
/** A question that proposes ("要不我给您…？", "…您看行吗？") commits as much as a statement. */
const PROPOSAL = /要不|好吗|行吗|可以吗|怎么样|如何|您看|好不好|行不行|可不可以/
const HEDGES =
  /是否|能否|可否|可能|也许|或许|预计|一般|正常|通常|概率|以实际|为准|大概|大约|应该能|争取|尽量|要看|看看能不能|核实后|核实之后|核实以后|核查后|确认后|确认之后|调查后|调查结果|查明|检测后|鉴定|视情况|根据(?:核实|调查|检测|结果)|如果|假如|若是|要是|万一|不能先|无法保证|不敢保证|没法保证|不能保证|保证不了|不敢说|不好说|说不准|不敢(?:跟您|和您|给您|向您|跟你|和你)(?:打包票|保证|承诺|说)|不敢拍胸脯|拍不了胸脯|(?:之类的|这类|等)质量问题|质量问题(?:照样|也|一样|都|的话)|没法答应|不能答应|无法答应|答应不了|不能承诺|没法承诺|无法承诺|不敢承诺|承诺不了|不敢打包票|打不了包票|不一定|待核实|以.{0,6}为准|原则上|按规定|按照规定|依法|符合条件|满足条件|(?:有|出现|发现|属于)(?:任何)?质量问题/
const QUOTE_MARKS = /[“"「『‘'][^”"」』’']*$/
const REPORTING =
  /(?:您|你)(?:刚才|刚刚|之前|前面)?(?:说|问|提到|讲|要求|的意思是|是说|所说)|所谓|顾客说|您的诉求|(?:之前|刚才|前面|上次)(?:让您|叫您|跟您说|说的|说)/
const SARCASM =
  /^哟|可真|真会|真行|真能|真够|真是服|呵呵|好家伙|厉害了|佩服|您最大|您说了算|您是上帝|行行行|好好好|是是是|您开心就好|您高兴就好|🙄|🙃|😒|😏/

export interface RecogniseOptions {
  segmenter?: Segmenter
  /** The customer's last line: words echoed from it inside a report ("您说…") are quoted. */
  customerLine?: string
}

export function recognise(reply: string, lexicon: Lexicon, options: RecogniseOptions = {}): Recognition {
  const segmenter = options.segmenter ?? defaultSegmenter
  const { text, corrections } = normalise(reply, lexicon.dictionary, lexicon.aliases)
  const words = segmenter.cut(text)
  const starts = new Set(words.map((w) => w.index))
  const ends = new Set(words.map((w) => w.index + w.segment.length))

  const candidates: { intent: string; start: number; end: number; cue: string }[] = []
  for (const cue of lexicon.cues) {
    if (cue.literal) {
      const phrase = cue.literal
      for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
        const end = at + phrase.length
        // Short phrases must be whole words ("对" is not in "对不起").
        if (phrase.length >= 3 || (starts.has(at) && ends.has(end)))
          candidates.push({ intent: cue.intent, start: at, end, cue: cue.source })
      }
    } else if (cue.regex) {
      cue.regex.lastIndex = 0
      for (let m = cue.regex.exec(text); m; m = cue.regex.exec(text)) {
        if (m[0].length === 0) {
          cue.regex.lastIndex++
          continue
        }
        candidates.push({ intent: cue.intent, start: m.index, end: m.index + m[0].length, cue: cue.source })
      }
    }
  }
  // Longest first; a span already claimed by a longer phrase cannot match again.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const taken: { start: number; end: number; intent: string }[] = []
  const matches: IntentMatch[] = []
  const sarcastic = new Set<number>()
  for (const c of candidates) {
    // A span a longer phrase claimed cannot match again; the very same span can, for another
    // intent (a scenario's own intent and a shared one listing the same words both count).
    const claimed = taken.find(
      (t) => c.start < t.end && t.start < c.end && (t.start !== c.start || t.end !== c.end || t.intent === c.intent),
    )
    const intent = lexicon.intents.get(c.intent)!
    if (claimed) {
      // A fault phrase inside a longer phrase that says something else ("是否适用十倍赔偿要等核实"
      // is a rule explained, not a promise) is kept, discounted, so the explanation shows it.
      const by = lexicon.intents.get(claimed.intent)!
      if (isFault(intent) && !isFault(by) && !matches.some((m) => m.start === c.start && m.end === c.end)) {
        matches.push(matchOf(text, c, 'outweighed'))
      }
      continue
    }
    taken.push(c)
    const scope = scopeOf(text, words, c.start, c.end, options.customerLine)
    let discounted: Discount | null = null
    let affirmed: IntentMatch['affirmed']
    if (scope.negations % 2 === 1) {
      if (scope.rhetorical && intent.negative) affirmed = 'rhetorical'
      else discounted = 'negated'
    } else if (scope.negations > 0) {
      // "不是不给您退，是……" corrects a misreading; it does not offer what it negates twice.
      if (scope.correction) discounted = 'negated'
      else affirmed = 'double-negation'
    }
    if (!discounted && scope.quoted) discounted = 'quoted'
    // "是不是厂家的问题" asks whether; "投诉是您的权利" grants a right: neither is a fault.
    if (!discounted && intent.negative && !affirmed && (scope.whether || scope.rights))
      discounted = scope.whether ? 'question' : 'conditional'
    if (!discounted && intent.commitment) {
      if (scope.hedged) discounted = 'conditional'
      else if (scope.question && !scope.proposal) discounted = 'question'
    }
    if (!discounted && scope.sarcastic) {
      if (intent.behaviour === 'apology' || intent.behaviour === 'empathy') discounted = 'sarcastic'
      sarcastic.add(scope.sentence)
    }
    matches.push(matchOf(text, c, discounted, affirmed))
  }
  matches.sort((a, b) => a.start - b.start)

  // A weak sign ("没办法", "正在处理") says little when the reply also does something right.
  const positive = matches.some((m) => !m.discounted && OUTWEIGHS.has(lexicon.intents.get(m.intent)!.behaviour!))
  if (positive)
    for (const m of matches)
      if (!m.discounted && lexicon.intents.get(m.intent)!.weak) Object.assign(m, { discounted: 'outweighed', negated: true })

  const live = matches.filter((m) => !m.discounted)
  const behaviours: BehaviourFinding[] = []
  const breaches: Recognition['breaches'] = []
  for (const m of live) {
    const intent = lexicon.intents.get(m.intent)!
    if (intent.behaviour) behaviours.push({ behaviour: intent.behaviour, intent: m.intent, words: m.words, cue: m.cue })
    if (intent.breach && !breaches.some((b) => b.breach === intent.breach))
      breaches.push({ breach: intent.breach, intent: m.intent, words: m.words })
  }
  // Built-in: a reply with nothing in it ("嗯。", "哦哦", "好的") brushes the customer off.
  if (!behaviours.length && isEmptyReply(text))
    behaviours.push({ behaviour: 'dismissive', intent: EMPTY_INTENT, words: text, cue: 'a reply with nothing in it' })
  return { text, corrections, matches, intents: [...new Set(live.map((m) => m.intent))], behaviours, breaches }
}

export const EMPTY_INTENT = '(empty)'

/** A candidate as a match: its words in the normalised text, and why it does not count if it does not. */
function matchOf(
  text: string,
  c: { intent: string; start: number; end: number; cue: string },
  discounted: Discount | null,
  affirmed?: IntentMatch['affirmed'],
): IntentMatch {
  const words = text.slice(c.start, c.end)
  return {
    intent: c.intent,
    words,
    start: c.start,
    end: c.end,
    cue: c.cue,
    discounted,
    ...(affirmed ? { affirmed } : {}),
    negated: discounted !== null,
  }
}

function isFault(intent: { behaviour?: Behaviour; breach?: unknown }) {
  return Boolean(intent.breach || (intent.behaviour && isNegative(intent.behaviour)))
}

/** Whether an intent of a lexicon shows a fault or a breach. */
export function isFaultIntent(lexicon: Lexicon, id: string): boolean {
  const intent = lexicon.intents.get(id)
  return Boolean(intent && isFault(intent))
}
const FILLER = /[\p{P}\p{S}\s]|[啊呀呢吧哈嘛哦噢喔嗯呃额唉哎诶欸了的亲~～]/gu
/** Grunts and shrugs; a plain "好的" or "收到" acknowledges and is left alone. */
const EMPTY_WORDS = new Set([
  '',
  '知道了',
  '然后呢',
  '所以呢',
  '怎么了',
  '有事吗',
  '什么事',
  '干嘛',
  '咋了',
  '哦',
  '噢',
  '喔',
  '嗯',
  '额',
  '呃',
  '随便',
  '那又怎样',
  '所以',
  '是吗',
  '这样啊',
  '那没办法',
  '没办法',
])

function isEmptyReply(text: string) {
  return EMPTY_WORDS.has(text.replace(FILLER, ''))
}

/** What outweighs a weak sign: warmth or a real step; quoting the rule alone does not. */
const OUTWEIGHS = new Set<Behaviour | undefined>(['apology', 'empathy', 'solution', 'escalate', 'privacy-safe'])

function boundsOf(text: string, at: number, end: RegExp) {
  let start = at
  while (start > 0 && !end.test(text[start - 1]!)) start--
  let stop = at
  while (stop < text.length && !end.test(text[stop]!)) stop++
  return { start, stop }
}

function isNegator(word: string, gap: number) {
  if (NOT_NEGATORS.has(word)) return false
  if (TIGHT.has(word)) return gap === 0
  // The segmenter glues a negator to the word before it ("我不", "也不", "还没").
  return NEGATOR_WORDS.has(word) || (word.length <= 3 && (GLUED_NEGATOR.test(word) || /[不没别]$/.test(word)))
}

/** The clause and sentence around a match, and what they do to it. */
function scopeOf(text: string, words: readonly { index: number; segment: string }[], start: number, end: number, customerLine?: string) {
  const sentence = boundsOf(text, start, SENTENCE_END)
  const clause = boundsOf(text, start, CLAUSE_END)
  // A sentence's end mark belongs to it: "…吗？"
  const sentenceText = text.slice(sentence.start, Math.min(text.length, sentence.stop + 1))
  const before = text.slice(clause.start, start)

  // Negators before the match in its clause, nearest first, at most two words between.
  let negations = 0
  const straddling = words.find((w) => w.index < start && w.index + w.segment.length > start)
  const whether =
    Boolean(straddling && YES_NO.has(straddling.segment)) ||
    YES_NO.has(words.find((w) => w.index + w.segment.length === start)?.segment ?? '')
  if (straddling) {
    const head = text.slice(straddling.index, start)
    if (!NOT_NEGATORS.has(straddling.segment) && /[不没别未无非]$/.test(head) && straddling.index >= clause.start) negations++
  }
  let gap = 0
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!
    if (w.index + w.segment.length > start || w === straddling) continue
    if (w.index < clause.start) break
    const joined = (words[i - 1]?.segment ?? '') + w.segment
    if (NOT_NEGATORS.has(joined) || NOT_NEGATORS.has(w.segment)) {
      gap++
      if (gap > 2) break
      continue
    }
    if (isNegator(w.segment, gap)) {
      negations++
      continue
    }
    if (SCOPE_BARRIERS.has(w.segment)) break
    if (++gap > 2) break
  }

  const question = /[？]$|[吗么呢][。！？…]?$/.test(sentenceText) || /[吗么][？]?$/.test(text.slice(sentence.start, sentence.stop))
  const rhetorical = RHETORICAL.test(sentenceText) || (question && negations % 2 === 1)
  // A hedge before the match in its sentence, or anywhere in its clause, conditions it.
  // A hedge reaches back no further than a "but" before the match: "按规定我不能保证，但我保证周六到".
  const contrast = Math.max(
    ...[...text.slice(sentence.start, start).matchAll(/但是|但|不过|可是|然而/g)].map((m) => m.index! + m[0].length),
    0,
  )
  const hedged = HEDGES.test(sentenceText.slice(contrast))
  const matched = text.slice(start, end)
  const quoted =
    QUOTE_MARKS.test(text.slice(0, start)) ||
    REPORTING.test(before) ||
    (customerLine !== undefined && basicForm(customerLine).includes(matched) && /说|问|提/.test(before)) ||
    // The customer's word thrown back as a question ("骗子店？不是的……").
    (customerLine !== undefined && matched.length >= 2 && basicForm(customerLine).includes(matched) && /^？/.test(text.slice(end)))
  const correction = /不是不|并非不/.test(before) && /^[^，。！？]*[，,]\s*(而|只|主要|实在)?是/.test(text.slice(end, sentence.stop + 1))
  return {
    whether,
    rights: /权利|有权/.test(sentenceText),
    negations,
    correction,
    question,
    proposal: PROPOSAL.test(sentenceText),
    rhetorical,
    hedged,
    quoted,
    sarcastic: SARCASM.test(sentenceText),
    sentence: sentence.start,
  }
}

export { normalise, buildDictionary }

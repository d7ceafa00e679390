/**
 * The one normalisation step every reply goes through before it is matched: Unicode width
 * (NFKC), traditional to simplified characters (OpenCC, Taiwan variants), case, spaces,
 * repeated punctuation, English and pinyin words, and typos that sound like a known phrase
 * (报歉 → 抱歉, 补法 → 补发). Emoji stay: they are tone signals the vocabularies can list.
 * Every change that alters a word is reported, so a judgement can say what it read.
 */
import * as OpenCC from 'opencc-js/t2cn'
import { pinyin } from 'pinyin-pro'

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' })

export interface Correction {
  from: string
  to: string
  kind: 'typo' | 'pinyin' | 'alias'
}

export interface Normalised {
  text: string
  corrections: Correction[]
}

/** Known phrases by their toneless pinyin, for typo and pinyin repair. */
export interface PhraseDictionary {
  /** "bao qian" → "抱歉" */
  bySyllables: Map<string, string>
  /** "baoqian" → "抱歉" */
  byLatin: Map<string, string>
  phrases: Set<string>
}

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' })
const HAN = /\p{Script=Han}/u
const HAN_ONLY = /^\p{Script=Han}+$/u
/** Characters a typo may never stand in for or be replaced by: they flip a sentence's meaning. */
const NEVER_SWAP = new Set([...'不没别未无非莫勿'])
/** Function words are far likelier meant than a sound-alike (就等 is not 久等). */
const FUNCTION_WORDS = new Set([...'就是在有我你您他她它这那都也还要会能给让和跟把被对向从又再才只很太'])
const PARTICLES = new Set([...'了的吗呢吧啊呀哦嘛么着过得地'])

const syllableCache = new Map<string, string>()
export function syllable(char: string) {
  let s = syllableCache.get(char)
  if (s === undefined) {
    s = HAN.test(char) ? pinyin(char, { toneType: 'none' }) : ''
    syllableCache.set(char, s)
  }
  return s
}

export function buildDictionary(phrases: Iterable<string>): PhraseDictionary {
  const bySyllables = new Map<string, string>()
  const byLatin = new Map<string, string>()
  const set = new Set<string>()
  for (const raw of phrases) {
    const phrase = basicForm(raw)
    set.add(phrase)
    if (!HAN_ONLY.test(phrase) || phrase.length < 2 || phrase.length > 4) continue
    const syllables = [...phrase].map(syllable)
    const key = syllables.join(' ')
    if (!bySyllables.has(key)) bySyllables.set(key, phrase)
    const latin = syllables.join('')
    if (latin.length >= 5 && !byLatin.has(latin)) byLatin.set(latin, phrase)
  }
  return { bySyllables, byLatin, phrases: set }
}

/** Patterns keep their syntax (? ! ( ) |): only script and case are normalised. */
export function patternForm(pattern: string) {
  return toSimplified(pattern).toLowerCase()
}

/** Width, script, case, spaces and punctuation: the form phrases are written in too. */
export function basicForm(text: string) {
  return (
    toSimplified(text.normalize('NFKC'))
      .toLowerCase()
      .replace(/[,]/g, '，')
      .replace(/[?]/g, '？')
      .replace(/[!]/g, '！')
      .replace(/[;]/g, '；')
      .replace(/(?<=\p{Script=Han}|[，。！？；：])[:](?!\d)/gu, '：')
      .replace(/\.{2,}|。{2,}|…+/g, '…')
      .replace(/([，。！？；～~、])\1+/g, '$1')
      .replace(/[！？]{2,}/g, (m) => (m.includes('？') ? '？' : '！'))
      // Digits typed in groups ("139 2716 0458") are one number.
      .replace(/(?<=\d)[\s-]+(?=\d)/g, '')
      // Spaces matter only between Latin words; elsewhere they are dropped.
      .replace(/\s+/g, (m, at: number, s: string) =>
        /[a-z0-9]/.test(s[at - 1] ?? '') && /[a-z0-9]/.test(s[at + m.length] ?? '') ? ' ' : '',
      )
  )
}

export function normalise(raw: string, dictionary?: PhraseDictionary, aliases?: ReadonlyMap<string, string>): Normalised {
  const corrections: Correction[] = []
  let text = basicForm(raw)
  // English words and pinyin typed instead of characters.
  if (/[a-z]/.test(text)) {
    text = text.replace(/[a-z]+(?: [a-z]+)*/g, (run) => {
      const whole = aliases?.get(run)
      if (whole) {
        corrections.push({ from: run, to: whole, kind: 'alias' })
        return whole
      }
      return run
        .split(' ')
        .map((word) => {
          const alias = aliases?.get(word)
          if (alias) {
            corrections.push({ from: word, to: alias, kind: 'alias' })
            return alias
          }
          const han = dictionary?.byLatin.get(word)
          if (han) {
            corrections.push({ from: word, to: han, kind: 'pinyin' })
            return han
          }
          return word
        })
        .join(' ')
    })
    text = text.replace(/ (?=\p{Script=Han})|(?<=\p{Script=Han}) /gu, '')
  }
  if (dictionary) text = repairTypos(text, dictionary, corrections)
  return { text, corrections }
}

/**
 * A run of two to four characters that sounds exactly like a known phrase, shares all but one
 * of its characters with it and is not itself a known phrase, is read as that phrase.
 */
function repairTypos(text: string, dictionary: PhraseDictionary, corrections: Correction[]) {
  // Code units, not code points: offsets stay those of the text (an emoji's halves have no
  // syllable, so no window spans them).
  const chars = text.split('')
  const syllables = chars.map(syllable)
  // A run the dictionary segmenter knows as a word is a word, not a typo (主观 is not 主管).
  const words = new Set<string>()
  for (const w of wordSegmenter.segment(text)) if (w.segment.length >= 2) words.add(`${w.index}:${w.segment.length}`)
  for (let len = 4; len >= 2; len--) {
    for (let i = 0; i + len <= chars.length; i++) {
      const window = chars.slice(i, i + len)
      if (window.some((c, k) => !syllables[i + k])) continue
      const phrase = dictionary.bySyllables.get(syllables.slice(i, i + len).join(' '))
      if (!phrase) continue
      const joined = window.join('')
      if (phrase === joined || dictionary.phrases.has(joined) || words.has(`${i}:${len}`)) continue
      const target = phrase.split('')
      const differing = window.filter((c, k) => c !== target[k])
      if (differing.length !== 1) continue
      if (differing.some((c) => NEVER_SWAP.has(c) || FUNCTION_WORDS.has(c)) || target.some((c, k) => c !== window[k] && NEVER_SWAP.has(c)))
        continue
      // In two characters with a particle ("服了"), one sound is too little to go on (付了).
      if (len === 2 && target.some((c) => PARTICLES.has(c))) continue
      corrections.push({ from: joined, to: phrase, kind: 'typo' })
      for (let k = 0; k < len; k++) chars[i + k] = target[k]!
      i += len - 1
    }
  }
  return chars.join('')
}

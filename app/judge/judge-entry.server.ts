import { tryReply } from '#app/roleplay/run.ts'
import { BEHAVIOUR_OF_BREACH, type Behaviour } from './behaviours.ts'
import { setDefaultSegmenter, intlSegmenter } from './recognise.ts'
import { verdictOf } from './verdict.ts'
import type { Scenario } from '#app/roleplay/engine.ts'

/**
 * One corpus reply judged as the machine would at its beat: the behaviours the judge saw (and
 * the breach of the scripted reply it was taken as), and the verdict.
 */
export function judgeEntry(scenario: Scenario, beat: string, reply: string) {
  const tried = tryReply(scenario, beat, reply)
  if (!tried) throw new Error(`${scenario.script.id}: no beat "${beat}" with replies`)
  const behaviours = new Set<Behaviour>(tried.judged.behaviours)
  if (tried.reply?.breach) behaviours.add(BEHAVIOUR_OF_BREACH[tried.reply.breach])
  const scripted = tried.reply
    ? { points: Object.values(tried.reply.skills).reduce((a, b) => a + (b ?? 0), 0), breach: Boolean(tried.reply.breach) }
    : null
  return { ...tried, behaviours: [...behaviours], verdict: verdictOf([...behaviours], scripted) }
}

export async function setSegmenter(name: string) {
  if (name === 'intl') return setDefaultSegmenter(intlSegmenter)
  if (name !== 'jieba') throw new Error(`unknown segmenter "${name}" (intl or jieba)`)
  const { jiebaSegmenter } = await import('./jieba.server.ts')
  const { readScenarios } = await import('#app/roleplay/load.server.ts')
  const phrases = readScenarios().flatMap((s) => s.intents.flatMap((i) => i.phrases))
  setDefaultSegmenter(jiebaSegmenter(phrases))
}

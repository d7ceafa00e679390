import fs from 'node:fs'
import { parse as parseYaml } from 'yaml'

/** The free-text replies of a shipped scenario's passing sample conversation (its `samples` in the YAML). */
export function passingReplies(scenarioId: string): string[] {
  const script = parseYaml(fs.readFileSync(`scenarios/${scenarioId}.yaml`, 'utf8')) as {
    samples: { transcripts: { mode: string; replies: { text?: string }[]; expect: { passed: boolean } }[] }
  }
  const sample = script.samples.transcripts.find((t) => t.mode === 'free' && t.expect.passed)
  if (!sample) throw new Error(`${scenarioId} has no passing free-text sample conversation`)
  return sample.replies.map((r) => r.text!)
}

/** A shipped scenario's sample conversation that passes (or fails), as its YAML writes it. */
export function sampleConversation(scenarioId: string, outcome: 'pass' | 'fail') {
  const script = parseYaml(fs.readFileSync(`scenarios/${scenarioId}.yaml`, 'utf8')) as {
    samples: {
      transcripts: {
        mode: 'free' | 'guided'
        seed: number
        replies: (({ text: string } | { choice: string }) & { seconds: number })[]
        expect: { passed: boolean }
      }[]
    }
  }
  const sample = script.samples.transcripts.find((t) => t.expect.passed === (outcome === 'pass'))
  if (!sample) throw new Error(`${scenarioId} has no sample conversation that ${outcome === 'pass' ? 'passes' : 'fails'}`)
  return sample
}

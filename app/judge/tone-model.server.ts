import fs from 'node:fs'
import path from 'node:path'
import { currentToneModel, setToneModel, type ToneModel } from './tone.ts'

export const TONE_MODEL_FILE = path.resolve(process.cwd(), 'app/judge/tone-model.json')

/** Installs the committed tone model once per process (scripts/train-judge.ts writes it). */
export function installToneModel(file = TONE_MODEL_FILE) {
  if (currentToneModel()) return
  setToneModel(JSON.parse(fs.readFileSync(file, 'utf8')) as ToneModel)
}

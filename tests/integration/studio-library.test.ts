import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { scenarioVersions } from '#db/tables.ts'
import { DraftConflictError, getDraft, getLibraryEntry, listAudit, syncShippedVersions } from '#app/models/studio.server.ts'
import { startAttempt } from '#app/models/roleplay.server.ts'
import { liveScenario, liveScenarios, scenarioAt } from '#app/roleplay/scenarios.server.ts'
import { checkSource, compileSource } from '#app/studio/compile.server.ts'
import {
  adoptOffered,
  createFromTemplate,
  diffVersions,
  duplicateScenario,
  exportScenario,
  importScenario,
  openScenario,
  publishScenario,
  saveScenarioDraft,
  StudioError,
} from '#app/studio/library.server.ts'
import { definitionOf } from '#app/roleplay/validate.ts'
import { getDb } from '#app/utils/db.server.ts'
import { makeUser } from '#tests/factories.ts'

const refused = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (error) {
    return error
  }
  throw new Error('expected a refusal')
}

describe('the scenario library', () => {
  test('the template a new scenario starts from passes the check with no errors and no warnings', () => {
    const checked = checkSource('new-scenario', fs.readFileSync('scenarios/templates/new-scenario.yaml', 'utf8'))
    expect(checked.scenario).not.toBeNull()
    expect([...checked.errors, ...checked.warnings]).toEqual([])
  })

  test('a scenario made from the template is a draft until published, then live at version 1', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    await createFromTemplate(trainer, { id: 'late-shipping', title: '迟迟不发货' })
    expect(await liveScenario('late-shipping')).toBeNull()
    const opened = (await openScenario('late-shipping'))!
    expect(opened.source).toContain('title: 迟迟不发货')
    expect(opened.revision).toBe(1)
    const version = await publishScenario(trainer, { id: 'late-shipping', revision: 1 })
    expect(version).toBe(1)
    const live = (await liveScenario('late-shipping'))!
    expect(live.script.title).toBe('迟迟不发货')
    expect((await liveScenarios()).map((s) => s.script.id)).toContain('late-shipping')
    const audit = await listAudit('late-shipping')
    expect(audit.map((a) => a.action)).toEqual(['publish', 'create'])
    expect(audit[0]!.by).toBe(trainer.displayName)
    // Published: the draft is gone and the editor opens the live text, which carries its version.
    expect(await getDraft('late-shipping')).toBeNull()
    expect((await openScenario('late-shipping'))!.source).toMatch(/^version: 1$/m)
  })

  test('publishing a new version leaves old attempts on theirs; the diff shows the change', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const trainee = await makeUser()
    await duplicateScenario(trainer, { from: 'damaged-on-arrival', id: 'vase-copy' })
    await publishScenario(trainer, { id: 'vase-copy', revision: 1 })
    const v1 = (await liveScenario('vase-copy'))!
    const oldAttempt = await startAttempt(trainee.id, v1, 'free')
    const text = (await openScenario('vase-copy'))!.source.replace('passMark: 70', 'passMark: 80')
    const { revision } = await saveScenarioDraft(trainer, { id: 'vase-copy', source: text, revision: null })
    expect(await publishScenario(trainer, { id: 'vase-copy', revision })).toBe(2)
    expect((await liveScenario('vase-copy'))!.script.passMark).toBe(80)
    expect((await scenarioAt('vase-copy', 1))!.script.passMark).toBe(70)
    expect(oldAttempt).toBeTruthy()
    const diff = (await diffVersions('vase-copy', 1, 2))!
    expect(diff.filter((l) => l.kind === 'removed').map((l) => l.text)).toEqual(['version: 1', 'passMark: 70'])
    expect(diff.filter((l) => l.kind === 'added').map((l) => l.text)).toEqual(['version: 2', 'passMark: 80'])
  })

  test('a save based on an older revision is refused and changes nothing', async () => {
    const [a, b] = [await makeUser({ roles: ['trainer'] }), await makeUser({ roles: ['trainer'] })]
    await createFromTemplate(a, { id: 'two-editors', title: '两个人改' })
    const base = (await openScenario('two-editors'))!
    const first = await saveScenarioDraft(a, { id: 'two-editors', source: base.source.replace('新剧本', 'A 的标题'), revision: 1 })
    expect(first.revision).toBe(2)
    const error = await refused(
      saveScenarioDraft(b, { id: 'two-editors', source: base.source.replace('两个人改', 'B 的标题'), revision: 1 }),
    )
    expect(error).toBeInstanceOf(DraftConflictError)
    expect((error as DraftConflictError).current).toMatchObject({ revision: 2, updatedBy: a.id })
    const draft = (await getDraft('two-editors'))!
    expect(draft.revision).toBe(2)
    expect(draft.source).toContain('A 的标题')
  })

  test('a draft with errors is saved, but not published; hostile text is not even saved', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    await createFromTemplate(trainer, { id: 'broken-draft', title: '有错的草稿' })
    const source = (await openScenario('broken-draft'))!.source
    const broken = source.replace('next: closing', 'next: nowhere')
    const { revision } = await saveScenarioDraft(trainer, { id: 'broken-draft', source: broken, revision: 1 })
    const error = (await refused(publishScenario(trainer, { id: 'broken-draft', revision }))) as StudioError
    expect(error.key).toBe('hasErrors')
    expect(error.problems[0]).toMatchObject({ file: 'scenarios/broken-draft.yaml', message: 'no beat "nowhere"' })
    expect(error.problems[0]!.line).toBe(broken.split('\n').findIndex((l) => l.includes('next: nowhere')) + 1)
    expect(await liveScenario('broken-draft')).toBeNull()
    const bomb = `${broken}\nx: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n${Array.from(
      { length: 6 },
      (_, i) =>
        `y${i}: &b${i} [${Array(10)
          .fill(i ? `*b${i - 1}` : '*a')
          .join(', ')}]`,
    ).join('\n')}\n`
    const hostile = (await refused(saveScenarioDraft(trainer, { id: 'broken-draft', source: bomb, revision }))) as StudioError
    expect(hostile.key).toBe('notSaved')
    expect(hostile.problems[0]!.message).toMatch(/aliases expand too far/)
    expect((await getDraft('broken-draft'))!.source).toBe(broken)
  })

  test('export writes exactly the scenarios/ format, and importing it gives the same definition', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const exported = (await exportScenario('price-drop', (await getLibraryEntry('price-drop'))!.currentVersion!))!
    expect(exported.fileName).toBe('price-drop.yaml')
    expect(exported.text).toBe(fs.readFileSync('scenarios/price-drop.yaml', 'utf8'))
    const renamed = exported.text.replace(/^id: price-drop$/m, 'id: price-drop-2')
    await importScenario(trainer, { fileName: 'price-drop-2.yaml', source: renamed })
    const imported = compileSource('price-drop-2', (await openScenario('price-drop-2'))!.source)
    const original = compileSource('price-drop', exported.text)
    if (!imported.ok || !original.ok) throw new Error('expected both to compile')
    expect({ ...definitionOf(imported.scenario).script, id: 'price-drop' }).toEqual(definitionOf(original.scenario).script)
    // A broken file is refused with the same messages as the CLI's, and nothing is created.
    const error = (await refused(importScenario(trainer, { fileName: 'bad-one.yaml', source: 'id: bad-one\ntitle: 1\n' }))) as StudioError
    expect(error.key).toBe('notImported')
    expect(error.problems.map((p) => p.file)).toContain('scenarios/bad-one.yaml')
    expect(await getLibraryEntry('bad-one')).toBeNull()
  })

  test('set-up never overwrites a scenario edited in the studio: a newer shipped file is offered', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const file = fs.readFileSync('scenarios/food-safety.yaml', 'utf8')
    const live = (await getLibraryEntry('food-safety'))!.currentVersion!
    const edited = file.replace(/^passMark: \d+$/m, 'passMark: 77')
    const { revision } = await saveScenarioDraft(trainer, { id: 'food-safety', source: edited, revision: null })
    const published = await publishScenario(trainer, { id: 'food-safety', revision })
    expect(published).toBe(live + 1)
    // A release ships version live+1 of the file, changed differently.
    const shipped = file.replace(/^version: \d+$/m, `version: ${live + 1}`).replace(/^emotion: \d+$/m, 'emotion: 65')
    const compiled = compileSource('food-safety', shipped)
    if (!compiled.ok) throw new Error('expected the shipped file to compile')
    const sync = () =>
      syncShippedVersions([
        {
          id: 'food-safety',
          version: live + 1,
          definition: definitionOf(compiled.scenario),
          source: shipped,
          file: 'scenarios/food-safety.yaml',
        },
      ])
    expect((await sync()).offered).toEqual(['food-safety'])
    expect((await sync()).offered).toEqual(['food-safety'])
    const entry = (await getLibraryEntry('food-safety'))!
    expect(entry).toMatchObject({ currentVersion: published, offeredVersion: live + 1 })
    expect((await liveScenario('food-safety'))!.script.passMark).toBe(77)
    // The trainer adopts it as the draft and publishes it as the next version.
    const adopted = await adoptOffered(trainer, { id: 'food-safety' })
    const next = await publishScenario(trainer, { id: 'food-safety', revision: adopted.revision })
    expect(next).toBe(live + 2)
    expect((await liveScenario('food-safety'))!.script.emotion).toBe(65)
    expect((await getLibraryEntry('food-safety'))!.offeredVersion).toBeNull()
    // The shipped v(live+1) never became a version of its own: the studio's numbers continue.
    const rows = await getDb()
      .select({ version: scenarioVersions.version, origin: scenarioVersions.origin })
      .from(scenarioVersions)
      .where(eq(scenarioVersions.scenarioId, 'food-safety'))
    expect(rows.filter((r) => r.version > live)).toEqual([
      { version: live + 1, origin: 'studio' },
      { version: live + 2, origin: 'studio' },
    ])
  })
})

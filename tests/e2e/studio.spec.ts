import { expect, test, type Page } from '@playwright/test'
import { readOne } from './db.ts'
import { createTrainee, login } from './fixtures.ts'

/** The CodeMirror editor, once it has replaced the plain text area it starts as. */
const editorOf = (page: Page) => page.locator('.cm-content[aria-label="剧本 YAML"]')

/** Types at the end of the editor's text, as a trainer would. */
async function typeAtEnd(page: Page, text: string) {
  await editorOf(page).click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
}

async function playGuided(page: Page, title: string, choices: string[]) {
  await page.goto('/practice')
  const card = page.getByRole('listitem').filter({ hasText: title })
  await card.getByLabel('引导模式（选择回复）').check()
  await card.getByRole('button', { name: /开始演练|再练一次/ }).click()
  await expect(page).toHaveURL(/\/practice\/[0-9a-f-]{36}$/)
  for (const choice of choices) await page.getByRole('button', { name: new RegExp(choice) }).click()
  // The last reply ends the conversation: the page moves on to the feedback.
  await expect(page).toHaveURL(/\/feedback$/)
}

const attemptsOf = async (scenarioId: string) =>
  (await readOne<{ n: number }>('select count(*) as n from roleplay_attempts where scenario_id = ?', scenarioId))!.n

test('a trainer writes a scenario from the template, fixes a marked error, playtests it and publishes; trainees play each version', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000)
  const id = `e2e-late-${Date.now().toString(36)}`
  const title = `迟迟不发货${id.slice(-4)}`
  await login(page, 'trainer')
  await page.goto('/studio')
  const form = page.getByRole('region', { name: '从模板新建' })
  await form.getByLabel('剧本 ID').fill(id)
  await form.getByLabel('标题').fill(title)
  await form.getByRole('button', { name: '新建' }).click()
  await expect(page).toHaveURL(`/studio/scenarios/${id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(page.getByRole('tab', { name: '问题（0）' })).toBeVisible()

  // An unknown key: the check marks it at its line as the trainer types, and lists it.
  await typeAtEnd(page, '\nbogus: 1')
  await expect(page.getByRole('tab', { name: '问题（1）' })).toBeVisible()
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1)
  const problem = page.getByRole('tabpanel', { name: '问题（1）' }).getByRole('button').filter({ hasText: 'bogus' })
  await expect(problem).toBeVisible()
  await expect(page.getByRole('button', { name: '发布为新版本' })).toBeDisabled()
  for (let i = 0; i < '\nbogus: 1'.length; i++) await page.keyboard.press('Backspace')
  await expect(page.getByRole('tab', { name: '问题（0）' })).toBeVisible()
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(0)

  // Playtest the unsaved text in guided mode to its end: nothing is recorded.
  await page.getByRole('tab', { name: '试玩' }).click()
  const playtest = page.getByRole('tabpanel', { name: '试玩' })
  await expect(playtest.getByText('试玩不计入记录')).toBeVisible()
  await playtest.getByText('引导', { exact: true }).click()
  await playtest.getByRole('button', { name: '开始' }).click()
  await playtest.getByRole('button', { name: /抱歉让您久等了/ }).click()
  await playtest.getByRole('button', { name: /谢谢您的理解/ }).click()
  await expect(playtest.getByText('学员会看到的成绩')).toBeVisible()
  await expect(playtest.getByText('识别结果').first()).toBeVisible()
  expect(await attemptsOf(id)).toBe(0)
  // One click keeps the conversation as a regression test; the tests tab runs it.
  await playtest.getByRole('button', { name: '存为样例对话' }).click()
  await expect(page.getByText('已把样例加入编辑器中的剧本')).toBeVisible()
  await page.getByRole('tab', { name: /回归测试/ }).click()
  await expect(page.getByRole('tabpanel', { name: /回归测试/ }).locator('.test-results li.pass')).toHaveCount(1)

  await page.getByRole('button', { name: '保存草稿' }).click()
  await expect(page.getByText('已保存为草稿（修订 2）。')).toBeVisible()
  await page.getByRole('button', { name: '发布为新版本' }).click()
  await expect(page.getByText('已发布为 v1。')).toBeVisible()

  // A trainee plays the published version.
  const trainee = await createTrainee(browser)
  const context = await browser.newContext()
  const traineePage = await context.newPage()
  await login(traineePage, trainee)
  await playGuided(traineePage, title, ['抱歉让您久等了', '谢谢您的理解'])
  await expect(traineePage.getByText('剧本第 1 版')).toBeVisible()
  const firstFeedback = traineePage.url()

  // A second version; the first attempt stays on the first.
  await page.reload()
  await typeAtEnd(page, '\n# 第二版：只改了注释')
  await page.getByRole('button', { name: '发布为新版本' }).click()
  await expect(page.getByText('已发布为 v2。')).toBeVisible()
  await playGuided(traineePage, title, ['抱歉让您久等了', '谢谢您的理解'])
  await expect(traineePage.getByText('剧本第 2 版')).toBeVisible()
  await traineePage.goto(firstFeedback)
  await expect(traineePage.getByText('剧本第 1 版')).toBeVisible()
  expect(await attemptsOf(id)).toBe(2)

  // The history shows both versions, who published them, and the diff.
  await page.goto(`/studio/scenarios/${id}/versions?a=1&b=2`)
  await expect(page.getByRole('row', { name: /v2 工作室发布/ })).toContainText('钱培训')
  await expect(page.getByRole('table', { name: 'v1 → v2' })).toContainText('# 第二版：只改了注释')
  await context.close()
})

test('a save based on a draft someone saved meanwhile is refused, and the text stays in the editor', async ({ page, browser }) => {
  const id = `e2e-two-${Date.now().toString(36)}`
  await login(page, 'trainer')
  await page.goto('/studio')
  const form = page.getByRole('region', { name: '从模板新建' })
  await form.getByLabel('剧本 ID').fill(id)
  await form.getByLabel('标题').fill('两人同时改')
  await form.getByRole('button', { name: '新建' }).click()
  await expect(page).toHaveURL(`/studio/scenarios/${id}`)

  const other = await browser.newContext()
  const second = await other.newPage()
  await login(second, 'trainer')
  await second.goto(`/studio/scenarios/${id}`)
  await typeAtEnd(second, '\n# 第二个人的修改')
  await second.getByRole('button', { name: '保存草稿' }).click()
  await expect(second.getByText('已保存为草稿（修订 2）。')).toBeVisible()

  await typeAtEnd(page, '\n# 我的修改')
  await page.getByRole('button', { name: '保存草稿' }).click()
  await expect(page.getByRole('alert')).toContainText('没有保存：这份草稿在你打开之后已被 钱培训')
  await expect(editorOf(page)).toContainText('# 我的修改')
  const draft = (await readOne<{ revision: number; source: string }>(
    'select revision, source from scenario_drafts where scenario_id = ?',
    id,
  ))!
  expect(draft.revision).toBe(2)
  expect(draft.source).toContain('# 第二个人的修改')
  expect(draft.source).not.toContain('# 我的修改')
  await other.close()
})

test('trainees and leads get 403 in the studio', async ({ page }) => {
  for (const username of ['trainee', 'lead']) {
    await page.context().clearCookies()
    await login(page, username)
    const response = await page.goto('/studio')
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: '没有权限' })).toBeVisible()
    expect((await page.goto('/studio/scenarios/price-drop'))?.status()).toBe(403)
  }
})

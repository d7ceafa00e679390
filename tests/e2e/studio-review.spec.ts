import fs from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { sampleConversation } from '../sample-replies.ts'
import { createTrainee, login } from './fixtures.ts'

const SCREENS = '/work/screens'

/** A fresh trainee's free-text attempt at 碎掉的生日礼物, played to the judge's fail; returns its feedback path. */
async function failedAttempt(page: Page) {
  await page.goto('/practice')
  const card = page.getByRole('listitem').filter({ hasText: '碎掉的生日礼物' })
  await card.getByLabel('自由输入').check()
  await card.getByRole('button', { name: /开始演练/ }).click()
  await expect(page).toHaveURL(/\/practice\/[0-9a-f-]{36}$/)
  const input = page.getByLabel('输入回复，Enter 发送，Shift+Enter 换行')
  const replies = sampleConversation('damaged-on-arrival', 'fail').replies.map((r) => ('text' in r ? r.text : ''))
  for (const [i, text] of replies.entries()) {
    await input.fill(text)
    await input.press('Enter')
    if (i < replies.length - 1) await expect(page.getByRole('log').locator('.bubble.trainee:not(.pending)')).toHaveCount(i + 1)
  }
  await expect(page).toHaveURL(/\/feedback$/)
  await expect(page.getByText('未通过', { exact: true })).toBeVisible()
  return new URL(page.url()).pathname
}

test('a trainer overrides a score with a reason, and the trainee sees the reviewed score and the comment', async ({ browser }) => {
  const username = await createTrainee(browser)
  const name = `测试学员${username.slice(-4)}`
  const traineeContext = await browser.newContext()
  const trainee = await traineeContext.newPage()
  await login(trainee, username)
  const feedback = await failedAttempt(trainee)
  const attemptId = feedback.split('/')[2]!
  const original = (await trainee.locator('.score-big').innerText()).match(/\d+/)![0]

  // The trainer finds the attempt from the desk through the filters.
  const trainerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const trainer = await trainerContext.newPage()
  await login(trainer, 'trainer')
  await trainer.goto('/trainer')
  await trainer.getByRole('link', { name: '成绩复核：查看演练记录并改分' }).click()
  await expect(trainer).toHaveURL(/\/studio\/reviews$/)
  await expect(trainer.getByRole('heading', { level: 1, name: '成绩复核' })).toBeVisible()
  await trainer.getByLabel('情景').selectOption({ label: '碎掉的生日礼物' })
  await trainer.getByLabel('模式').selectOption({ label: '自由输入' })
  await trainer.getByLabel('复核状态').selectOption({ label: '未复核' })
  await trainer.getByRole('button', { name: '筛选', exact: true }).click()
  await expect(trainer).toHaveURL(/scenario=damaged-on-arrival/)
  await expect(trainer).toHaveURL(/reviewed=no/)
  const row = trainer.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('未复核')
  await row.getByRole('link', { name: /查看并复核/ }).click()
  await expect(trainer).toHaveURL(new RegExp(`/studio/reviews/${attemptId}$`))
  await expect(trainer.getByRole('heading', { name: '碎掉的生日礼物 · 复核' })).toBeVisible()
  await expect(trainer.getByRole('listitem').filter({ hasText: '第 1 轮' })).toContainText('这个是快递摔的')
  await expect(trainer.getByText('这次演练还没有人复核过。')).toBeVisible()

  // A refused form says what is wrong and keeps the input.
  const form = trainer.getByRole('region', { name: '改分' })
  await form.getByLabel('复核后得分（0–100）').fill('76')
  await form.getByLabel('通过', { exact: true }).check()
  await form.getByLabel('改分原因（学员能看到）').fill('太短')
  await form.getByRole('button', { name: '保存复核' }).click()
  await expect(form.getByRole('alert')).toHaveText('请写明改分原因（至少 4 个字）。')
  await expect(form.getByLabel('复核后得分（0–100）')).toHaveValue('76')

  const reason = '第一轮虽然提到快递，但随后主动说明会先帮顾客登记理赔，判定过严，按通过处理。'
  await form.getByLabel('改分原因（学员能看到）').fill(reason)
  await form.getByRole('button', { name: '保存复核' }).click()
  await expect(form.getByRole('status')).toHaveText('复核已保存。学员打开点评页就能看到新的分数和原因。')
  await expect(trainer.getByRole('heading', { name: `复核后得分 76（原始得分 ${original}）` })).toBeVisible()
  const log = trainer.getByRole('region', { name: '复核记录' })
  await expect(log.getByRole('listitem')).toHaveCount(1)
  await expect(log).toContainText(reason)
  await expect(log).toContainText('钱培训')
  // The form is fresh again for a later review.
  await expect(form.getByLabel('改分原因（学员能看到）')).toHaveValue('')

  fs.mkdirSync(SCREENS, { recursive: true })
  await trainer.screenshot({ path: `${SCREENS}/review-zh.png`, fullPage: true })
  await trainer.getByRole('button', { name: 'English' }).click()
  await expect(trainer.getByRole('heading', { name: `Reviewed score 76 (originally ${original})` })).toBeVisible()
  await expect(trainer.getByRole('region', { name: 'Override the score' })).toBeVisible()
  await trainer.screenshot({ path: `${SCREENS}/review-en.png`, fullPage: true })
  await trainer.goto('/studio/reviews?reviewed=yes&scenario=damaged-on-arrival')
  await expect(trainer.getByRole('row').filter({ hasText: name })).toContainText('76')
  await trainer.screenshot({ path: `${SCREENS}/review-list-en.png`, fullPage: true })
  await trainer.getByRole('button', { name: '中文' }).click()
  await expect(trainer.getByRole('heading', { level: 1, name: '成绩复核' })).toBeVisible()
  await trainer.screenshot({ path: `${SCREENS}/review-list-zh.png`, fullPage: true })
  await trainerContext.close()

  // The trainee sees the reviewed score, the pass and the comment.
  await trainee.goto(feedback)
  await expect(trainee.getByText(`复核后得分 76（原始得分 ${original}）`)).toBeVisible()
  await expect(trainee.getByText('通过', { exact: true })).toBeVisible()
  await expect(trainee.getByText('已复核', { exact: true })).toBeVisible()
  const comment = trainee.getByRole('region', { name: '培训师点评' })
  await expect(comment).toContainText(reason)
  await expect(comment).toContainText('系统原本判为“未通过”。')
  await trainee.screenshot({ path: `${SCREENS}/review-feedback-zh.png`, fullPage: true })
  await traineeContext.close()
})

test('a trainee opening /studio/reviews gets 403', async ({ page, browser }) => {
  await login(page, await createTrainee(browser))
  const response = await page.goto('/studio/reviews')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: '没有权限' })).toBeVisible()
})

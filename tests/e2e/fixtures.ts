import fs from 'node:fs'
import path from 'node:path'
import { expect, type Browser, type Page } from '@playwright/test'
export { passingReplies } from '../sample-replies.ts'
import { parseModuleSource, type CourseModule } from '../../app/domain/content-schema.ts'
import { openReader } from './db.ts'
export { DEMO_DB } from './db.ts'

export const DEMO_PASSWORD = 'composure-demo'
/** What a trainee made by createTrainee chose at first login (the admin's initial one is replaced). */
export const TRAINEE_PASSWORD = 'e2e-own-password-2026'
const INITIAL_PASSWORD = 'set-by-the-admin-2026'

/** Logs in through the form and, unless a failure is expected, waits to land past it. */
export async function login(
  page: Page,
  username: string,
  password = username.startsWith('e2e-') ? TRAINEE_PASSWORD : DEMO_PASSWORD,
  { expectFailure = false } = {},
) {
  await page.goto('/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  if (!expectFailure) await page.waitForURL((url) => url.pathname !== '/login')
}

/**
 * A fresh trainee made through the admin page's form, so each test owns its data and
 * tests do not depend on one another's order.
 */
export async function createTrainee(browser: Browser): Promise<string> {
  const username = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
  const context = await browser.newContext()
  const page = await context.newPage()
  await login(page, 'admin')
  const form = page.getByRole('region', { name: '新建用户' })
  await form.getByLabel('用户名').fill(username)
  await form.getByLabel('姓名').fill(`测试学员${username.slice(-4)}`)
  await form.getByLabel('初始密码').fill(INITIAL_PASSWORD)
  await form.getByRole('button', { name: '创建' }).click()
  await expect(form.getByRole('status')).toHaveText(`已创建用户 ${username}。`)
  await context.clearCookies()
  // First login: the password the admin chose must be replaced before anything else.
  await login(page, username, INITIAL_PASSWORD)
  await expect(page).toHaveURL(/\/account\/password/)
  await expect(page.getByText('你的密码是管理员设置的')).toBeVisible()
  await page.getByLabel('当前密码').fill(INITIAL_PASSWORD)
  await page.getByLabel('新密码', { exact: true }).fill(TRAINEE_PASSWORD)
  await page.getByLabel('再输一次新密码').fill(TRAINEE_PASSWORD)
  await page.getByRole('button', { name: '保存新密码' }).click()
  await page.waitForURL((url) => url.pathname !== '/account/password')
  await context.close()
  return username
}

export function readModule(file: string): CourseModule {
  const full = path.resolve('content/modules', file)
  return parseModuleSource(full, fs.readFileSync(full, 'utf8'))
}

/** The bank's questions this attempt asks: those whose prompt is on screen, in the bank's order. */
export async function questionsOnScreen(page: Page, module: CourseModule) {
  await page.getByRole('group').first().waitFor()
  const shown = await page.getByRole('group').allInnerTexts()
  return module.quiz.filter((q) => shown.some((text) => text.includes(q.prompt)))
}

/** Answers every question of the quiz on screen (a draw from the module's bank) with the right answer. */
export async function answerQuizCorrectly(page: Page, module: CourseModule) {
  await page.getByRole('group').first().waitFor()
  for (const q of module.quiz) {
    const group = page.getByRole('group').filter({ hasText: q.prompt })
    if ((await group.count()) === 0) continue
    if (q.type === 'single') await group.getByLabel(q.options.find((o) => o.id === q.answer)!.text, { exact: true }).check()
    if (q.type === 'multiple') {
      for (const id of q.answer) await group.getByLabel(q.options.find((o) => o.id === id)!.text, { exact: true }).check()
    }
    if (q.type === 'truefalse') await group.getByLabel(q.answer ? '正确' : '错误', { exact: true }).check()
    if (q.type === 'ordering') {
      for (const [i, item] of q.items.entries()) {
        await group.getByLabel(`“${item.text}”的位置`, { exact: true }).selectOption(String(i + 1))
      }
    }
  }
}

/** Ids of demo records the suites aim at: 林小雨's quiz and role-play, 周晓's certificate and refresher. */
export async function demoIds() {
  const db = await openReader()
  const one = async <T>(sql: string, ...args: unknown[]) => (await db.one<T>(sql, ...args))!
  const user = async (username: string) => (await one<{ id: string }>('select id from users where username = ?', username)).id
  const trainee = await user('trainee')
  const out = {
    trainee,
    quiz: (await one<{ id: string }>('select id from quiz_attempts where user_id = ? and submitted_at is not null', trainee)).id,
    roleplay: (await one<{ id: string }>("select id from roleplay_attempts where user_id = ? and status = 'finished'", trainee)).id,
    certificate: (
      await one<{ id: string }>('select c.id from certificates c join users u on u.id = c.user_id where u.username = ?', 'zhouxiao')
    ).id,
    code: (await one<{ code: string }>('select code from certificates limit 1')).code,
    user: await user('zhouxiao'),
    refresher: (await one<{ id: string }>("select r.id from refreshers r join users u on u.id = r.user_id where u.username = 'zhouxiao'"))
      .id,
  }
  await db.close()
  return out
}

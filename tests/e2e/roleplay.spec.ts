import { expect, test, type Page } from '@playwright/test'
import { createTrainee, login, passingReplies } from './fixtures.ts'

const pass = { replies: passingReplies('damaged-on-arrival').map((text) => ({ text })) }

async function start(page: Page, title: string, mode: '自由输入' | '引导模式（选择回复）') {
  await page.goto('/practice')
  const card = page.getByRole('listitem').filter({ hasText: title })
  await card.getByLabel(mode).check()
  await card.getByRole('button', { name: /开始演练/ }).click()
  await expect(page).toHaveURL(/\/practice\/[0-9a-f-]{36}$/)
}

test('a trainee plays a scenario in free-text mode to a pass and reads the annotated feedback', async ({ page, browser }) => {
  await login(page, await createTrainee(browser))
  await start(page, '碎掉的生日礼物', '自由输入')
  await expect(page.getByRole('log')).toContainText('花瓶')
  await expect(page.getByRole('meter', { name: '顾客情绪' })).toHaveAttribute('aria-valuenow', '60')

  const input = page.getByLabel('输入回复，Enter 发送，Shift+Enter 换行')
  for (const [i, reply] of pass.replies.entries()) {
    await input.fill(reply.text)
    await input.press('Enter')
    if (i < pass.replies.length - 1) await expect(page.getByRole('log').locator('.bubble.trainee:not(.pending)')).toHaveCount(i + 1)
  }

  await expect(page).toHaveURL(/\/feedback$/)
  await expect(page.getByText('问题已解决')).toBeVisible()
  await expect(page.getByText('通过', { exact: true })).toBeVisible()
  const firstTurn = page.getByRole('listitem').filter({ hasText: '第 1 轮' })
  await expect(firstTurn.getByText('先道歉、接住情绪')).toBeVisible()
  await expect(firstTurn.locator('mark').filter({ hasText: '抱歉' })).toBeVisible()
  await expect(firstTurn.getByText('参考回复')).toBeVisible()
  await expect(page.getByRole('heading', { name: '顾客情绪变化' })).toBeVisible()
  await expect(page.locator('.recharts-line')).toBeVisible()

  // The reload resumes nothing: the attempt is over, and the scenario list shows it passed.
  await page.getByRole('link', { name: '返回演练列表' }).click()
  await expect(
    page
      .getByRole('listitem')
      .filter({ hasText: '碎掉的生日礼物' })
      .getByText(/已通过/),
  ).toBeVisible()
})

test('another trainee plays guided mode to a fail, and a reload mid-conversation resumes it', async ({ page, browser }) => {
  await login(page, await createTrainee(browser))
  await start(page, '碎掉的生日礼物', '引导模式（选择回复）')
  const blame = page.getByRole('button', { name: /花瓶是快递摔的，您在物流页面点/ })
  await blame.focus()
  await blame.press('Enter')
  await expect(page.getByRole('log')).toContainText('我不管快递不快递')
  // Keyboard focus comes back to the choices after the turn.
  await expect(page.locator('.chat-choices button[name="choice"]').first()).toBeFocused()
  await expect(page.getByText('引导模式 · 练习')).toBeVisible()

  await page.reload()
  await expect(page.getByRole('log')).toContainText('花瓶是快递摔的')
  await expect(page.getByRole('log')).toContainText('我不管快递不快递')

  await page.getByRole('button', { name: /理赔得走快递那边/ }).click()
  await expect(page).toHaveURL(/\/feedback$/)
  await expect(page.getByText('顾客愤怒离开')).toBeVisible()
  await expect(page.getByText('未通过', { exact: true })).toBeVisible()
  await expect(
    page
      .getByRole('listitem')
      .filter({ hasText: '第 1 轮' })
      .getByText(/电子商务法》第二十条/),
  ).toBeVisible()
})

test('the customer’s patience runs out live: the nudge appears in the chat, the meter moves, and a reload shows the same', async ({
  page,
  browser,
}) => {
  // peak-sale-queue has the shortest patience (30 s); the server's clock decides, so the test waits it out.
  test.setTimeout(90_000)
  await login(page, await createTrainee(browser))
  await start(page, '双十一排队二十分钟', '自由输入')
  const meter = page.getByRole('meter', { name: '顾客情绪' })
  const before = Number(await meter.getAttribute('aria-valuenow'))
  await expect(page.getByText(/已等待 \d+ 秒 \/ 耐心 30 秒/)).toBeVisible()
  const nudge = page.getByRole('log').locator('.bubble.nudge')
  await expect(nudge).toHaveCount(1, { timeout: 45_000 })
  await expect(nudge).toHaveText(/又让我等？|人呢？？排了二十分钟还不够？/)
  await expect(meter).toHaveAttribute('aria-valuenow', String(before + 10))
  await page.reload()
  await expect(page.getByRole('log').locator('.bubble.nudge')).toHaveCount(1)
  await expect(page.getByRole('meter', { name: '顾客情绪' })).toHaveAttribute('aria-valuenow', String(before + 10))
})

test('a trainee leaves a role-play and resumes it from the list, or abandons it', async ({ page, browser }) => {
  await login(page, await createTrainee(browser))
  await start(page, '碎掉的生日礼物', '自由输入')
  await expect(page.getByRole('heading', { level: 1, name: '碎掉的生日礼物' })).toBeVisible()
  await expect(page.getByText('第 1 轮（最多')).toBeVisible()
  const input = page.getByLabel('输入回复，Enter 发送，Shift+Enter 换行')
  await input.fill(pass.replies[0]!.text)
  await input.press('Enter')
  await expect(page.getByText('第 2 轮（最多')).toBeVisible()

  await page.goto('/practice')
  const card = page.getByRole('listitem').filter({ hasText: '碎掉的生日礼物' })
  await expect(card.getByText('有一次未完成的演练（自由输入，已回复 1 次）')).toBeVisible()
  await card.getByRole('link', { name: /继续/ }).click()
  await expect(page.getByRole('log')).toContainText(pass.replies[0]!.text)

  await page.goto('/practice')
  await card.getByRole('button', { name: /放弃/ }).click()
  await expect(card.getByRole('button', { name: /开始演练|再练一次/ })).toBeVisible()
  await expect(card.getByText('有一次未完成的演练')).toHaveCount(0)
})

test('a lead reads a member’s feedback: the trainee’s lines are labelled with their name, not “你”', async ({ page }) => {
  await login(page, 'lead')
  await page.goto('/team')
  await page.getByRole('link', { name: '林小雨' }).first().click()
  await page.getByRole('link', { name: '碎掉的生日礼物' }).first().click()
  await expect(page).toHaveURL(/\/feedback$/)
  await expect(page.getByText('学员 林小雨', { exact: false }).first()).toBeVisible()
  await expect(page.getByText(/^你：/)).toHaveCount(0)
})

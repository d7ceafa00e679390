import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { demoIds, login } from './fixtures.ts'

// axe-core on every page each role reaches (demo data), and a keyboard-only walk through the
// trainee journey. Serious and critical violations fail the test.

async function audit(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    )
}

test('no serious or critical axe violations on any page, for any role', async ({ page }) => {
  test.setTimeout(180_000)
  const id = await demoIds()
  const pages: Record<string, string[]> = {
    anon: ['/login', '/verify', `/verify/${id.code}`],
    trainee: [
      '/learn',
      '/learn/consumer-law',
      '/learn/consumer-law/quiz',
      `/quiz-results/${id.quiz}`,
      '/practice',
      `/practice/${id.roleplay}/feedback`,
      '/certifications',
      '/certifications/onboarding',
      '/account/password',
    ],
    zhouxiao: [`/certificates/${id.certificate}`],
    lead: ['/team', `/team/${id.trainee}`],
    trainer: [
      '/trainer',
      '/studio',
      '/studio/scenarios/price-drop',
      '/studio/scenarios/price-drop/versions',
      '/studio/inbox',
      '/studio/reviews',
      `/studio/reviews/${id.roleplay}`,
    ],
    admin: ['/admin/users', `/admin/users/${id.user}`, '/admin/teams', '/team/overview', '/team?sort=score&dir=desc'],
  }
  const found: string[] = []
  for (const [who, paths] of Object.entries(pages)) {
    await page.context().clearCookies()
    if (who !== 'anon') await login(page, who)
    for (const p of paths) {
      await page.goto(p)
      await page.waitForLoadState('networkidle')
      found.push(...(await audit(page, `${who} ${p}`)))
    }
  }
  expect(found).toEqual([])
})

test('a trainee walks the journey by keyboard alone: log in, open a module, reach the quiz, start a role-play', async ({ page }) => {
  await page.goto('/login')
  // The username field takes focus on arrival.
  await expect(page.getByLabel('用户名')).toBeFocused()
  await page.keyboard.type('trainee')
  await page.keyboard.press('Tab')
  await page.keyboard.type('composure-demo')
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => u.pathname !== '/login')
  // On a fresh page load the skip link is the first stop and moves focus to the content.
  await page.goto('/learn')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: '跳到正文' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()
  // Tab to the consumer-law module link and open it.
  const target = page.getByRole('link', { name: /法规与平台规则/ }).first()
  for (let i = 0; i < 60 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
  await expect(target).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: /法规与平台规则/ })).toBeVisible()
  // To the scenario list, and start one with the keyboard.
  await page.goto('/practice')
  const start = page.getByRole('button', { name: /碎掉的生日礼物/ }).first()
  await start.focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/practice\/[0-9a-f-]{36}$/)
  await expect(page.getByLabel('输入回复，Enter 发送，Shift+Enter 换行')).toBeFocused()
})

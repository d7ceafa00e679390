import { expect, test } from '@playwright/test'
import { login } from './fixtures.ts'

const HOMES = [
  { username: 'trainee', path: '/learn', heading: '学习路径' },
  { username: 'trainer', path: '/trainer', heading: '培训师工作台' },
  { username: 'lead', path: '/team', heading: '我的团队' },
  { username: 'admin', path: '/admin/users', heading: '用户管理' },
]

for (const home of HOMES) {
  test(`${home.username} logs in and lands on their home`, async ({ page }) => {
    await login(page, home.username)
    await expect(page).toHaveURL(home.path)
    await expect(page.getByRole('heading', { level: 1, name: home.heading })).toBeVisible()
  })
}

test('a wrong password shows an error and keeps the username', async ({ page }) => {
  await login(page, 'trainee', 'not-the-password', { expectFailure: true })
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确。')
  await expect(page.getByLabel('用户名')).toHaveValue('trainee')
  await expect(page).toHaveURL(/\/login/)
})

test('a visitor is sent to log in and comes back to the page they asked for', async ({ page }) => {
  await page.goto('/team')
  await expect(page).toHaveURL('/login?redirectTo=%2Fteam')
  await page.getByLabel('用户名').fill('lead')
  await page.getByLabel('密码').fill('composure-demo')
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page).toHaveURL('/team')
})

test('the English switch changes the interface language and keeps it', async ({ page }) => {
  await page.goto('/login')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByLabel('Username').fill('trainee')
  await page.getByLabel('Password').fill('composure-demo')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Learning path' })).toBeVisible()
  await page.getByRole('button', { name: '中文' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '学习路径' })).toBeVisible()
})

test('an unknown page shows the not-found page', async ({ page }) => {
  await login(page, 'trainee')
  const response = await page.goto('/no-such-page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: '找不到这个页面' })).toBeVisible()
})

test('the server refuses a form posted from another site', async ({ request, baseURL }) => {
  const forged = await request.post('/login', {
    form: { username: 'admin', password: 'composure-demo' },
    headers: { Origin: 'http://evil.example' },
    maxRedirects: 0,
  })
  expect(forged.status()).toBe(403)
  const own = await request.post('/login', {
    form: { username: 'admin', password: 'composure-demo' },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  })
  expect(own.status()).toBe(302)
})

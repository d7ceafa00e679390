import fs from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { answerQuizCorrectly, createTrainee, login, passingReplies, readModule } from './fixtures.ts'

const MODULES = fs
  .readdirSync('content/modules')
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map(readModule)
/** Six distinct scenarios, three of them 进阶 or 困难, including the two onboarding asks for by name. */
const SCENARIOS = [
  ['damaged-on-arrival', '碎掉的生日礼物'],
  ['wrong-size-shipped', '周六要穿的冲锋衣发错了码'],
  ['someone-elses-order', '我是他老婆，凭什么不告诉我'],
  ['parcel-lost', '六天没动的包裹'],
  ['peak-sale-queue', '双十一排队二十分钟'],
  ['price-drop', '刚买两天就降价 60'],
] as const

async function passQuiz(page: Page, module: (typeof MODULES)[number]) {
  await page.goto(`/learn/${module.id}/quiz`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('测验')
  await answerQuizCorrectly(page, module)
  await page.getByRole('button', { name: '交卷' }).click()
  await expect(page.getByText('100 分')).toBeVisible()
}

async function passScenario(page: Page, id: string, title: string) {
  const replies = passingReplies(id).map((text) => ({ text }))
  await page.goto('/practice')
  const card = page.getByRole('listitem').filter({ hasText: title })
  await card.getByLabel('自由输入').check()
  await card.getByRole('button', { name: /开始演练/ }).click()
  await expect(page).toHaveURL(/\/practice\/[0-9a-f-]{36}$/)
  const input = page.getByLabel('输入回复，Enter 发送，Shift+Enter 换行')
  for (const [i, reply] of replies.entries()) {
    await input.fill(reply.text)
    await input.press('Enter')
    if (i < replies.length - 1) await expect(page.getByRole('log').locator('.bubble.trainee:not(.pending)')).toHaveCount(i + 1)
  }
  await expect(page).toHaveURL(/\/feedback$/)
  await expect(page.getByText('通过', { exact: true })).toBeVisible()
}

test('a trainee meets every onboarding requirement, sees the certificate, and anyone can verify it logged out', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000)
  const username = await createTrainee(browser)
  await login(page, username)
  await page.getByRole('link', { name: '我的认证' }).click()
  const onboarding = page.getByRole('region', { name: '新员工上岗认证' })
  await expect(onboarding.getByText('未开始', { exact: true }).first()).toBeVisible()
  await onboarding.getByRole('link', { name: '通过情景演练《碎掉的生日礼物》' }).click()
  await expect(page).toHaveURL(/\/practice#damaged-on-arrival$/)
  await expect(page.locator('#damaged-on-arrival')).toContainText('碎掉的生日礼物')

  for (const module of MODULES) await passQuiz(page, module)
  for (const [id, title] of SCENARIOS.slice(0, 5)) await passScenario(page, id, title)

  await page.goto('/certifications')
  // Ten ticks: six modules, the two named scenarios, two harder ones, six in all; only the last is missing.
  await expect(onboarding.getByText('已完成 9 / 10 项（90%）')).toBeVisible()
  await expect(onboarding.locator('.todo li')).toHaveCount(1)
  await expect(onboarding.getByRole('listitem').filter({ hasText: '共通过 6 个不同的情景（已通过 5 个）' })).toBeVisible()
  await page.goto('/learn')
  await expect(page.getByRole('region', { name: '新员工上岗认证' }).getByText('已完成 9 / 10 项（90%）')).toBeVisible()
  await page.goto('/certifications')
  await passScenario(page, ...SCENARIOS[5])

  await page.goto('/certifications')
  await expect(onboarding.getByText('已认证', { exact: true }).first()).toBeVisible()
  await expect(onboarding.getByText(/有效期至 \d{4}年\d{1,2}月\d{1,2}日/)).toBeVisible()
  await onboarding.getByRole('link', { name: /查看证书/ }).click()

  const certificate = page.getByRole('article', { name: '认证证书' })
  await expect(certificate.getByText(`测试学员${username.slice(-4)}`)).toBeVisible()
  await expect(certificate.getByText('新员工上岗认证')).toBeVisible()
  await expect(certificate.getByRole('img', { name: /验证二维码/ })).toBeVisible()
  const code = (await certificate.locator('dd.code').textContent())!.trim()
  expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/)

  // The signed credential downloads as JSON.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载电子证书/ }).click()])
  const file = await download.path()
  const credential = JSON.parse(fs.readFileSync(file, 'utf8'))
  expect(credential.type).toContain('OpenBadgeCredential')
  expect(credential.proof[0].cryptosuite).toBe('eddsa-rdfc-2022')

  // Logged out, in a fresh browser: the code and the file both verify.
  const visitor = await browser.newContext()
  const open = await visitor.newPage()
  await open.goto('/verify')
  await open.getByLabel('验证码').fill(code.toLowerCase())
  await open.getByRole('button', { name: '核验', exact: true }).click()
  await expect(open).toHaveURL(new RegExp(`/verify/${code}$`))
  await expect(open.getByRole('status').getByText('有效')).toBeVisible()
  await expect(open.getByText(`测试学员${username.slice(-4)}`)).toBeVisible()
  await expect(open.getByRole('button', { name: '退出登录' })).toHaveCount(0)

  await open.goto('/verify')
  await open.getByLabel('电子证书文件（.json）').setInputFiles(file)
  await open.getByRole('button', { name: '核验文件' }).click()
  await expect(open.getByText('签名有效：证书内容与签发时一致。')).toBeVisible()
  await expect(open.locator('.verify-result').getByText('有效', { exact: true })).toBeVisible()

  // An altered copy does not.
  const altered = { ...credential, credentialSubject: { ...credential.credentialSubject, name: '冒名顶替' } }
  await open
    .getByLabel('电子证书文件（.json）')
    .setInputFiles({ name: 'altered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(altered)) })
  await open.getByRole('button', { name: '核验文件' }).click()
  await expect(open.getByRole('alert')).toContainText('签名校验失败')
  await visitor.close()
})

test('a lapsed certificate verifies as lapsed, and its holder is told how to get it back', async ({ page, browser }) => {
  // 吴昊 (demo data) was certified eight months ago and never did the six-month refresher.
  await login(page, 'wuhao')
  await expect(page.getByRole('alert').filter({ hasText: '“新员工上岗认证”已失效' })).toBeVisible()
  // The path names what to redo: the two quizzes and two harder role-plays.
  const path = page.getByRole('region', { name: '新员工上岗认证' })
  await expect(path.getByText('需要重做这些')).toBeVisible()
  await expect(path.getByRole('link', { name: /重新通过《法规与平台规则/ })).toHaveAttribute('href', '/learn/consumer-law/quiz')
  await expect(path.getByRole('link', { name: '重新通过《隐私与信息安全》的测验' })).toBeVisible()
  await expect(path.getByRole('link', { name: /通过 2 个进阶及以上难度的情景/ })).toBeVisible()
  await page.goto('/certifications')
  const onboarding = page.getByRole('region', { name: '新员工上岗认证' })
  await expect(onboarding.getByText('已失效', { exact: true }).first()).toBeVisible()
  await expect(onboarding.getByText(/起失效/)).toBeVisible()
  await expect(onboarding.getByRole('region', { name: '定期复训' })).toContainText('完成后即可重新取得认证')
  await onboarding.getByRole('link', { name: /查看证书/ }).click()
  const certificate = page.getByRole('article', { name: '认证证书' })
  await expect(certificate.getByRole('status')).toContainText('已失效')
  await expect(page.getByRole('link', { name: /下载电子证书/ })).toHaveCount(0)
  const code = (await certificate.locator('dd.code').textContent())!.trim()

  const visitor = await browser.newContext()
  const open = await visitor.newPage()
  const response = await open.goto(`/verify/${code}`)
  expect(response?.status()).toBe(200)
  await expect(open.getByRole('status').getByText('已失效')).toBeVisible()
  await expect(open.getByText('吴昊')).toBeVisible()
  await expect(open.getByText('失效日期')).toBeVisible()

  const unknown = await open.goto('/verify/00000-00000-00000-00000')
  expect(unknown?.status()).toBe(404)
  await expect(open.getByRole('alert')).toContainText('没有找到验证码为 00000-00000-00000-00000 的证书')
  await visitor.close()
})

test('a lead sees who is due and overdue, and opens a member’s certification', async ({ page }) => {
  await login(page, 'lead')
  const table = page.getByRole('table')
  await expect(table.getByRole('row').filter({ hasText: '周晓' }).getByText('需要复训')).toBeVisible()
  await expect(table.getByRole('row').filter({ hasText: '吴昊' }).getByText('已失效')).toBeVisible()
  await table.getByRole('link', { name: '周晓' }).click()
  const onboarding = page.getByRole('region', { name: '新员工上岗认证' })
  await expect(onboarding.getByRole('region', { name: '定期复训' })).toContainText('重新通过《法规与平台规则')
  await onboarding.getByText('认证记录').click()
  await expect(onboarding.getByRole('listitem').filter({ hasText: '完成全部要求，取得认证' })).toBeVisible()

  // The lead sets a refresher; it shows on the member's card at once, with its reason.
  await page.getByText('给 TA 布置任务', { exact: true }).click()
  await expect(page.getByLabel('复训（重做测验和情景）')).toBeChecked()
  await page.getByLabel('哪项认证的复训').selectOption({ label: '新员工上岗认证' })
  await page.getByLabel('隐私与信息安全').check()
  const reason = `冒充家属来电时差点报出了地址 ${Date.now()}`
  await page.getByLabel('原因（客服能看到）').fill(reason)
  await page.getByRole('button', { name: '布置', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: '已布置给 1 人' })).toBeVisible()
  await expect(onboarding.getByRole('region', { name: '组长布置' }).filter({ hasText: reason })).toContainText(
    '重新通过《隐私与信息安全》的测验',
  )
})

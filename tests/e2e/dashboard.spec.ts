import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { login } from './fixtures.ts'

// The team lead's dashboard on the demo data. The demo db is shared by every spec, so this one
// writes only an assignment to whoever the overdue filter shows (吴昊 in a fresh set-up), and
// asserts what it added rather than what the page held before.

test('a lead filters to who is overdue, sets them a scenario, downloads the CSV; the agent finds it on their home page', async ({
  page,
  browser,
}) => {
  await login(page, 'lead')
  await page.goto('/team')
  const filters = page.getByRole('search', { name: '筛选客服' })
  await filters.getByLabel('只看有逾期的').check()
  await filters.getByRole('button', { name: '筛选' }).click()
  await expect(page).toHaveURL(/[?&]overdue=1(&|$)/)

  // Everyone the filter shows has something overdue; the first of them is the agent this test follows.
  const rows = page.getByRole('table').locator('tbody tr')
  await expect(rows.first()).toBeVisible()
  // The filtered page has replaced the unfiltered one once no row without an overdue mark is left.
  await expect(rows.filter({ hasNot: page.locator('.due.overdue') })).toHaveCount(0)
  const count = Number(
    /共 (\d+) 人/.exec(
      (await page
        .getByRole('status')
        .filter({ hasText: /共 \d+ 人/ })
        .textContent())!,
    )![1],
  )
  expect(count).toBeGreaterThan(0)
  await expect(rows).toHaveCount(Math.min(count, 25))
  for (const row of await rows.all()) await expect(row.locator('.due.overdue')).not.toHaveCount(0)
  const agent = rows.first()
  const name = (await agent.getByRole('rowheader').getByRole('link').textContent())!.trim()
  const username = /@([^\s·]+)/.exec((await agent.getByRole('rowheader').textContent())!)![1]!

  // The form for everyone in the filter.
  await page.getByText(`给筛选出的 ${count} 人布置任务`).click()
  await page.getByLabel('练习一个情景').check()
  const scenario = page.getByLabel('情景', { exact: true })
  await scenario.selectOption('price-drop')
  const title = (await scenario.locator('option:checked').textContent())!.split(' · ')[0]!.trim()
  const reason = `逾期未复训，先练一次价格保护 ${Date.now().toString(36)}`
  await page.getByLabel('原因（客服能看到）').fill(reason)
  await page.getByRole('button', { name: '布置', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: '已布置给' })).toContainText(`已布置给 ${count} 人`)
  await expect(page).toHaveURL(/[?&]overdue=1(&|$)/)
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: name })).toContainText(/\d+ 项任务/)

  // The CSV of the same filter: for spreadsheets (a BOM), with the skill columns and the agent.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()])
  expect(new URL(download.url()).searchParams.get('overdue')).toBe('1')
  const bytes = fs.readFileSync((await download.path())!)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const csv = bytes.toString('utf8')
  expect(csv).toContain('礼仪（平均分）')
  expect(csv).toContain(username)

  // The agent, signed in on their own, sees it on their home page with its reason and a link to do it.
  const context = await browser.newContext()
  const own = await context.newPage()
  await login(own, username)
  await own.goto('/learn')
  const assignment = own.getByRole('region', { name: '组长布置的任务' }).getByRole('listitem').filter({ hasText: reason })
  await expect(assignment).toContainText('练习一个情景')
  await expect(assignment).toContainText('截止')
  await expect(assignment.getByRole('link', { name: `通过情景：${title}` })).toHaveAttribute('href', '/practice#price-drop')
  await context.close()
})

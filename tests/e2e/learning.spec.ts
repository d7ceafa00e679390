import { expect, test } from '@playwright/test'
import { answerQuizCorrectly, createTrainee, login, questionsOnScreen, readModule } from './fixtures.ts'

const etiquette = readModule('01-service-etiquette.md')

test('a trainee reads a module, passes its quiz, and the learning path shows it', async ({ page, browser }) => {
  const username = await createTrainee(browser)
  await login(page, username)
  // The path shows the certification's ticks, as 我的认证 does.
  const path = page.getByRole('region', { name: '新员工上岗认证' })
  await expect(path.getByText('已完成 0 / 10 项（0%）')).toBeVisible()

  await page.getByRole('link', { name: etiquette.title, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: etiquette.title })).toBeVisible()
  await expect(page.getByRole('navigation', { name: '本课目录' }).getByRole('link').first()).toHaveText(etiquette.headings[0]!.text)
  await page.getByRole('button', { name: '我已读完，去做测验' }).click()

  await expect(page.getByRole('heading', { level: 1 })).toContainText('测验')
  await answerQuizCorrectly(page, etiquette)
  await page.getByRole('button', { name: '交卷' }).click()

  await expect(page.getByText('100 分')).toBeVisible()
  await expect(page.getByText('通过', { exact: true })).toBeVisible()
  await page.getByRole('link', { name: '返回学习路径' }).click()
  await expect(path.getByText('已完成 1 / 10 项（10%）')).toBeVisible()
  // Done, it leaves the list of what is missing.
  await expect(path.getByRole('link', { name: `学完《${etiquette.title}》并通过测验` })).toHaveCount(0)
  const item = page.getByRole('listitem').filter({ hasText: etiquette.title })
  await expect(item.getByText('测验已通过')).toBeVisible()
  await expect(item.getByText('最好成绩 100 分')).toBeVisible()
})

test('a wrong answer is shown with the right one and why, and the trainee may retry', async ({ page, browser }) => {
  const username = await createTrainee(browser)
  await login(page, username)
  await page.goto(`/learn/${etiquette.id}/quiz`)
  await answerQuizCorrectly(page, etiquette)
  const tf = (await questionsOnScreen(page, etiquette)).find((q) => q.type === 'truefalse')!
  if (tf.type !== 'truefalse') throw new Error('unreachable')
  await page
    .getByRole('group')
    .filter({ hasText: tf.prompt })
    .getByLabel(tf.answer ? '错误' : '正确', { exact: true })
    .check()
  await page.getByRole('button', { name: '交卷' }).click()

  await expect(page.getByText('90 分')).toBeVisible()
  const wrong = page.getByRole('listitem').filter({ hasText: tf.prompt })
  await expect(wrong.getByText('错误', { exact: true }).first()).toBeVisible()
  await expect(wrong.getByText(tf.explanation.trim().slice(0, 20))).toBeVisible()
  await page.getByRole('link', { name: '再做一次' }).click()
  await expect(page.getByRole('button', { name: '交卷' })).toBeVisible()
})

test('submitting with questions left blank keeps the answers and says which are missing', async ({ page, browser }) => {
  const username = await createTrainee(browser)
  await login(page, username)
  await page.goto(`/learn/${etiquette.id}/quiz`)
  const asked = await questionsOnScreen(page, etiquette)
  const single = asked.find((q) => q.type === 'single')!
  if (single.type !== 'single') throw new Error('unreachable')
  const group = page.getByRole('group').filter({ hasText: single.prompt })
  await group.getByLabel(single.options[0]!.text, { exact: true }).check()
  await page.getByRole('button', { name: '交卷' }).click()
  await expect(page.getByRole('alert').first()).toContainText(`还有 ${asked.length - 1} 题没有作答`)
  await expect(group.getByLabel(single.options[0]!.text, { exact: true })).toBeChecked()
})

test('a retake draws a different set of questions from the bank, and the result numbers them as asked', async ({ page, browser }) => {
  await login(page, await createTrainee(browser))
  await page.goto(`/learn/${etiquette.id}/quiz`)
  const first = (await questionsOnScreen(page, etiquette)).map((q) => q.id)
  const asked = etiquette.draw!.reduce((n, r) => n + r.count, 0)
  expect(first).toHaveLength(asked)
  const firstShown = await page.getByRole('group').first().innerText()
  const firstPrompt = etiquette.quiz.find((q) => firstShown.includes(q.prompt))!.prompt
  await answerQuizCorrectly(page, etiquette)
  await page.getByRole('button', { name: '交卷' }).click()
  await expect(page.getByText('100 分')).toBeVisible()
  // The explanations stay, numbered as the quiz was taken.
  await expect(page.getByRole('listitem').first()).toContainText('第 1 题')
  await expect(page.getByRole('listitem').first()).toContainText(firstPrompt.slice(0, 12))
  await page.getByRole('link', { name: '再做一次' }).click()
  const second = (await questionsOnScreen(page, etiquette)).map((q) => q.id)
  expect(second).toHaveLength(asked)
  expect([...second].sort()).not.toEqual([...first].sort())
})

test('a trainee opening another trainee’s quiz result gets 403', async ({ page, browser }) => {
  const owner = await createTrainee(browser)
  await login(page, owner)
  await page.goto(`/learn/${etiquette.id}/quiz`)
  await answerQuizCorrectly(page, etiquette)
  await page.getByRole('button', { name: '交卷' }).click()
  await expect(page).toHaveURL(/\/quiz-results\//)
  const resultUrl = new URL(page.url()).pathname

  await page.context().clearCookies()
  const intruder = await createTrainee(browser)
  await login(page, intruder)
  const response = await page.goto(resultUrl)
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: '没有权限' })).toBeVisible()
  await expect(page.getByText('100 分')).toHaveCount(0)
})

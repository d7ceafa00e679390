import { PassThrough } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { createNulStripper } from '#app/utils/strip-nul.server.ts'

function render(element: React.ReactElement, through: NodeJS.ReadWriteStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    through.on('data', (c: Buffer) => chunks.push(c))
    through.on('end', () => resolve(Buffer.concat(chunks)))
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(through as never), onError: reject })
  })
}

describe('streamed HTML', () => {
  test('Chinese attributes reach the browser whole, with no NUL bytes', async () => {
    const labels = Array.from({ length: 300 }, (_, i) => `“问候顾客并说明自己是谁${i}”的位置`)
    // Every offset of the text against React's 2 KiB chunks, so a character straddles a boundary.
    for (const pad of [0, 1, 2, 3]) {
      const tree = createElement(
        'div',
        null,
        'a'.repeat(pad),
        ...labels.map((label, i) => createElement('span', { key: i, 'aria-label': label }, '问')),
      )
      const html = await render(tree, new PassThrough().pipe(createNulStripper()))
      expect(html.includes(0)).toBe(false)
      const text = html.toString('utf8')
      expect(text).not.toContain('\uFFFD')
      for (const label of labels) expect(text).toContain(`aria-label="${label}"`)
    }
  })

  test('only trailing NUL bytes of a chunk are dropped', async () => {
    const stripper = createNulStripper()
    const out: Buffer[] = []
    stripper.on('data', (c: Buffer) => out.push(c))
    stripper.write(Buffer.from([0x41, 0, 0]))
    stripper.write(Buffer.from([0x42, 0x43]))
    stripper.end()
    await new Promise((r) => stripper.on('end', r))
    expect(Buffer.concat(out)).toEqual(Buffer.from([0x41, 0x42, 0x43]))
  })
})

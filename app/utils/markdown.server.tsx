import { renderToStaticMarkup } from 'react-dom/server'
import { Markdown } from '#app/components/markdown.tsx'
import type { Heading } from '#app/domain/content-schema.ts'

const cache = new Map<string, string>()

/**
 * Course text rendered to HTML on the server, once per module version: the Markdown parser never
 * ships to the browser. The source is our own course (raw HTML in it is dropped, text escaped).
 */
export function renderCourseText(key: string, source: string, headings: readonly Heading[]): string {
  let html = cache.get(key)
  if (html === undefined) cache.set(key, (html = renderToStaticMarkup(<Markdown source={source} headings={headings} />)))
  return html
}

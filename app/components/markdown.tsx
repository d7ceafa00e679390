import ReactMarkdown, { type Components } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import type { Heading } from '#app/domain/content-schema.ts'

/**
 * Course text. Raw HTML in the source is dropped (`skipHtml`), never rendered. Headings get
 * the ids the table of contents links to, matched by their line in the source.
 */
export function Markdown({ source, headings = [] }: { source: string; headings?: readonly Heading[] }) {
  const idAt = (line: number | undefined) => headings.find((h) => h.line === line)?.id
  const components: Components = {
    h2: ({ node, children, ...props }) => (
      <h2 id={idAt(node?.position?.start.line)} tabIndex={-1} {...props}>
        {children}
      </h2>
    ),
    h3: ({ node, children, ...props }) => (
      <h3 id={idAt(node?.position?.start.line)} tabIndex={-1} {...props}>
        {children}
      </h3>
    ),
  }
  return (
    <div className="prose">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {source}
      </ReactMarkdown>
    </div>
  )
}

/**
 * A role-play reply's action result carries the conversation after the reply (`view`);
 * the chat route and the root skip their loaders' revalidation when they see one.
 */
export function isReplyResult(result: unknown): boolean {
  return typeof result === 'object' && result !== null && 'view' in result
}

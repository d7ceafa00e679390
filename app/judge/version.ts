/**
 * The judge's version. Raise it when a change to the recogniser or the rules can change a
 * stored attempt's score, and say why: set-up rescores every older attempt and records the
 * reason beside each score that moved.
 */
export const JUDGE_VERSION = 3

export const JUDGE_CHANGES: Record<number, string> = {
  2: 'judge v2: one normalisation step, patterns and detectors, negation and question scope per clause, a universal layer at every beat, patience as an event',
  3: 'scoring v3: a compliance penalty is never cancelled by later credit (penalties counted apart); a plain review request is poor practice, not an inducement',
}

/**
 * The judge's version. Raise it when a change to the recogniser or the rules can change a
 * stored attempt's score, and say why: set-up rescores every older attempt and records the
 * reason beside each score that moved.
 */
export const JUDGE_VERSION = 4

export const JUDGE_CHANGES: Record<number, string> = {
  2: 'judge v2: one normalisation step, patterns and detectors, negation and question scope per clause, a universal layer at every beat, patience as an event',
  3: 'scoring v3: a compliance penalty is never cancelled by later credit (penalties counted apart); a plain review request is poor practice, not an inducement',
  4: 'judge v4: a tone model trained on the dev corpus joins the rules — it adds the fault it reads in a reply the phrase lists missed, and sets aside a fault the rules found in a reply it reads as sound; it never records a breach',
}

/**
 * The score of a finished role-play as it counts: a trainer's latest review stands in for the
 * judge's (decision 014); the judge's stays on the attempt as the original.
 */
export function countingScore(a: {
  total: number | null
  passed: boolean | null
  reviewedTotal: number | null
  reviewedPassed: boolean | null
}) {
  const reviewed = a.reviewedTotal !== null
  return {
    total: reviewed ? a.reviewedTotal! : (a.total ?? 0),
    passed: Boolean(reviewed ? a.reviewedPassed : a.passed),
    reviewed,
  }
}

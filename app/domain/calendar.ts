/**
 * Calendar dates in a timezone. Certification rules speak in days and months of the place the
 * team works ("due by 1 June"), so they reckon on local dates and turn them into instants only
 * at the edges: a day runs from its local midnight to the next. Pure: no clock, no I/O.
 */

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string

export const DEFAULT_TIMEZONE = 'Asia/Shanghai'

const DAY_MS = 24 * 60 * 60 * 1000
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string) {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

function wallClock(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  )
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  }
}

/** How far the zone's wall clock is ahead of UTC at this instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string) {
  const w = wallClock(instant, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(instant / 1000) * 1000
}

function parse(date: LocalDate) {
  const m = DATE.exec(date)
  if (!m) throw new Error(`not a date: "${date}" (expected YYYY-MM-DD)`)
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
}

function format(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export function isLocalDate(value: string): boolean {
  const m = DATE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1
}

/** The local date of an instant. */
export function localDate(instant: Date | number, timeZone: string): LocalDate {
  const w = wallClock(typeof instant === 'number' ? instant : instant.getTime(), timeZone)
  return format(w.year, w.month, w.day)
}

/** An instant as the local wall clock reads it, `YYYY-MM-DD HH:mm` (for spreadsheets). */
export function localDateTime(instant: Date | number, timeZone: string): string {
  const w = wallClock(typeof instant === 'number' ? instant : instant.getTime(), timeZone)
  return `${format(w.year, w.month, w.day)} ${String(w.hour % 24).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`
}

/** The instant a local date begins (its local midnight). */
export function startOfDay(date: LocalDate, timeZone: string): number {
  const { year, month, day } = parse(date)
  const guess = Date.UTC(year, month - 1, day)
  const first = guess - offsetAt(guess, timeZone)
  // NOTE: across a daylight-saving change the offset at midnight differs from the one at the
  // UTC guess; a second look settles it.
  const second = guess - offsetAt(first, timeZone)
  return second
}

/** The instant a local date ends: the next day's midnight. Something due on a date may be done until then. */
export function endOfDay(date: LocalDate, timeZone: string): number {
  return startOfDay(addDays(date, 1), timeZone)
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parse(date)
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS)
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

/** Calendar months later; the day is kept, or the month's last day where it has fewer (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parse(date)
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return format(y, m, Math.min(day, last))
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const pa = parse(a)
  const pb = parse(b)
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / DAY_MS)
}

/** The Monday of the local week `instant` falls in (weeks run Monday to Sunday). */
export function mondayOf(instant: Date | number, timeZone: string): LocalDate {
  const day = localDate(instant, timeZone)
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
  return addDays(day, -weekday)
}

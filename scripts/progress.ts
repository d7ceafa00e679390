const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** A progress bar on stderr: redrawn on a terminal, a line per quarter in a log. */
export class Progress {
  private readonly t0 = performance.now()
  private last = 0
  private quarter = -1
  private done = 0
  private rows = 0
  constructor(
    private readonly stage: string,
    private readonly total: number,
  ) {}
  update(done: number, rows: number) {
    this.done = done
    this.rows = rows
    const now = performance.now()
    if (process.stderr.isTTY) {
      if (now - this.last > 150) {
        this.last = now
        process.stderr.write(`\r${this.line()}`)
      }
    } else {
      const q = Math.floor((4 * done) / Math.max(1, this.total))
      if (q > this.quarter && q < 4) {
        this.quarter = q
        process.stderr.write(`${this.line()}\n`)
      }
    }
  }
  /** Ends the bar; returns the stage's seconds. */
  finish(done = this.total, rows = this.rows) {
    this.done = done
    this.rows = rows
    process.stderr.write(process.stderr.isTTY ? `\r${this.line()}\n` : `${this.line()}\n`)
    return (performance.now() - this.t0) / 1000
  }
  private line() {
    const f = this.total ? Math.min(1, this.done / this.total) : 1
    const width = 30
    const filled = Math.round(f * width)
    const seconds = (performance.now() - this.t0) / 1000
    return (
      `${this.stage.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%` +
      `  ${fmt(this.rows).padStart(11)} rows  ${fmt(this.rows / Math.max(seconds, 1e-3)).padStart(9)} rows/s  ${seconds.toFixed(1).padStart(6)} s`
    )
  }
}

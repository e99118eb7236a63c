/**
 * Runs `work` every `intervalMs`, never two at once, on an unref'd timer (it
 * does not keep the process alive). Errors are reported, not thrown: the
 * next round tries again.
 */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts ticking; the first round after `firstDelayMs`. */
  start(firstDelayMs = 0): void {
    this.schedule(firstDelayMs);
  }

  /** Runs a round now (after the one in progress), outside the timer. */
  async runNow(): Promise<void> {
    while (this.running) await this.running;
    await this.round();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.round().finally(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    const run = (async () => {
      try {
        await this.work();
      } catch (error) {
        this.onError(error);
      }
    })();
    this.running = run;
    try {
      await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }
}

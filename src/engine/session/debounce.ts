// Coalesces bursts (a rollout's watch events, a save-all) into one call after a quiet period; the
// flag passed on is the OR of the burst's flags (one "re-render" in the burst is enough).
export class Debouncer {
  private timer?: NodeJS.Timeout;
  private flag = false;

  constructor(private readonly quietMs: number, private readonly fire: (flag: boolean) => void) {}

  schedule(flag: boolean): void {
    this.flag ||= flag;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const f = this.flag;
      this.flag = false;
      this.fire(f);
    }, this.quietMs);
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

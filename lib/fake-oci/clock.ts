/**
 * The fake's lifecycle clock. Resource states are derived lazily from phase timestamps on this
 * clock, so a test controls progress by the speed factor (durations are divided by it), by
 * advancing the clock, or by freezing it. Request signatures are checked against real time.
 */
export class FakeClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(
    /** Lifecycle speed factor: a realistic duration `d` takes `d / speed` ms. Must be > 0. */
    private speedFactor: number,
    private readonly realNow: () => number = Date.now,
  ) {
    assertSpeed(speedFactor);
  }

  /** Current clock time in epoch ms. */
  now(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  /** Current clock time as a Date (what resources report as `timeCreated` etc.). */
  date(): Date {
    return new Date(this.now());
  }

  get speed(): number {
    return this.speedFactor;
  }

  set speed(value: number) {
    assertSpeed(value);
    this.speedFactor = value;
  }

  /** Scales a realistic duration (ms) by the speed factor. */
  scaled(realisticMs: number): number {
    return realisticMs / this.speedFactor;
  }

  /** Moves the clock forward (pending lifecycle transitions whose time has come then apply). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`clock advance must be a finite number of ms >= 0, got ${ms}`);
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /**
   * Runs `fn` at one instant: every state it reads is evaluated at the same clock time. Without this, a
   * handler that lists children (state read at t) and then checks each one (read at t + 1 ms) can see a
   * resource that was TERMINATED in the list and gone in the check, and answer a 409 OCI never would.
   */
  instant<T>(fn: () => T): T {
    if (this.frozenAt !== undefined) return fn();
    const pinned = this.now();
    this.frozenAt = pinned;
    try {
      return fn();
    } finally {
      // Time keeps running underneath (no drift); an advance() made inside still counts.
      this.offsetMs += this.frozenAt - pinned;
      this.frozenAt = undefined;
    }
  }

  /** Sets the current clock time (restoring a snapshot; may go back); a frozen clock stays frozen there. */
  set(nowMs: number): void {
    if (!Number.isFinite(nowMs)) throw new Error(`clock time must be a finite number of epoch ms, got ${nowMs}`);
    if (this.frozenAt !== undefined) this.frozenAt = nowMs;
    else this.offsetMs = nowMs - this.realNow();
  }

  /** Stops time: resources stay in their current state until resume() or advance(). */
  freeze(): void {
    this.frozenAt ??= this.now();
  }

  resume(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = undefined;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }
}

function assertSpeed(value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`speed must be a finite number > 0 (e.g. 1 = realistic, 1000 = a 7-minute create in 420 ms), got ${value}`);
  }
}

import { BootstrapError, isNotFound } from './errors';

/** How the bootstrap polls. Own loops instead of the SDK waiters: those stop only on the listed states (not
 *  FAILED), and their 404 handling is broken (docs/oci-sdk.md §7). */
export interface WaitOptions {
  /** First poll interval, ms; grows ×1.5 per poll up to `maxIntervalMs`. @default 2000 */
  intervalMs?: number;
  /** Largest poll interval, ms. @default 30000 */
  maxIntervalMs?: number;
  /** Per-resource-kind limits, ms (e.g. `{ cluster: 5_400_000 }`); others use `defaultTimeoutMs`. */
  timeoutsMs?: Readonly<Record<string, number>>;
  /** @default 1_200_000 (20 min, the SDK waiters' default) */
  defaultTimeoutMs?: number;
  /** How long a 404 right after our own create is treated as eventual consistency. @default 120_000 */
  notFoundGraceMs?: number;
  /** Injectable sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** Realistic limits: OKE and MySQL HA creates can exceed the SDK's 20 min default. */
export const DEFAULT_TIMEOUTS_MS: Readonly<Record<string, number>> = {
  cluster: 90 * 60_000,
  'virtual-node-pool': 60 * 60_000,
  'mysql-db-system': 120 * 60_000,
};

/** Options of one `until` wait. */
export interface WaitUntilOptions<T> {
  /** The resource was created by this run: a 404 is eventual consistency for a while (F5). */
  justCreated?: boolean;
  /** After a 404 on a just-created resource: does the list still show it? No = stale replay. */
  confirmExists?: () => Promise<boolean>;
  /** A just-created resource in this state is a deleted one whose create response OCI replayed. */
  isDead?: (v: T) => boolean;
}

/**
 * OCI answers a create whose retry token it has seen with the ORIGINAL response, even if that resource has
 * since been deleted (destroy, then apply again within 24 h). The engine then re-creates with a new token.
 */
export function staleReplay(what: string): BootstrapError {
  return new BootstrapError(`${what}: the create was answered with a deleted resource (retry-token replay)`, 'stale-replay');
}

export class Waiter {
  private readonly o: Required<Omit<WaitOptions, 'timeoutsMs'>> & { timeoutsMs: Readonly<Record<string, number>> };

  constructor(options: WaitOptions = {}) {
    this.o = {
      intervalMs: options.intervalMs ?? 2000,
      maxIntervalMs: options.maxIntervalMs ?? 30000,
      timeoutsMs: { ...DEFAULT_TIMEOUTS_MS, ...(options.timeoutsMs ?? {}) },
      defaultTimeoutMs: options.defaultTimeoutMs ?? 1_200_000,
      notFoundGraceMs: options.notFoundGraceMs ?? 120_000,
      sleep: options.sleep ?? ((ms) => new Promise((res) => setTimeout(res, ms))),
    };
  }

  sleep(ms: number): Promise<void> { return this.o.sleep(ms); }

  timeoutFor(kind: string): number { return this.o.timeoutsMs[kind] ?? this.o.defaultTimeoutMs; }

  /**
   * Polls `read` until `done(value)` holds. A 404 within the grace period after our own create is retried
   * (eventual consistency); later it propagates. `failed(value)` stops at once with that message.
   */
  async until<T>(what: string, kind: string, read: () => Promise<T>, done: (v: T) => boolean, failed?: (v: T) => string | undefined, opts: WaitUntilOptions<T> = {}): Promise<T> {
    const t0 = Date.now();
    const limit = this.timeoutFor(kind);
    let interval = this.o.intervalMs;
    for (;;) {
      let value: T | undefined;
      try {
        value = await read();
      } catch (e) {
        if (!(opts.justCreated && isNotFound(e) && Date.now() - t0 < this.o.notFoundGraceMs)) throw e;
        // A 404 for a resource its list does not show either: the create was a replay of a deleted one.
        if (opts.confirmExists && !(await opts.confirmExists())) throw staleReplay(what);
      }
      if (value !== undefined) {
        if (done(value)) return value;
        if (opts.justCreated && opts.isDead?.(value)) throw staleReplay(what);
        const why = failed?.(value);
        if (why !== undefined) throw new BootstrapError(`${what}: ${why}`, 'failed-resource');
      }
      if (Date.now() - t0 > limit) {
        throw new BootstrapError(`${what}: still not ready after ${(limit / 1000).toFixed(1)} s (the ${kind} wait limit); re-run apply to keep waiting, it resumes without creating anything twice`, 'timeout');
      }
      await this.o.sleep(interval);
      interval = Math.min(Math.ceil(interval * 1.5), this.o.maxIntervalMs);
    }
  }

  /** Polls until `read` throws 404 or `gone(value)` holds (delete finished). */
  async untilGone<T>(what: string, kind: string, read: () => Promise<T>, gone: (v: T) => boolean): Promise<void> {
    const t0 = Date.now();
    const limit = this.timeoutFor(kind);
    let interval = this.o.intervalMs;
    for (;;) {
      try {
        if (gone(await read())) return;
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      if (Date.now() - t0 > limit) throw new BootstrapError(`${what}: still deleting after ${Math.round(limit / 1000)} s; re-run destroy to keep waiting`, 'timeout');
      await this.o.sleep(interval);
      interval = Math.min(Math.ceil(interval * 1.5), this.o.maxIntervalMs);
    }
  }
}

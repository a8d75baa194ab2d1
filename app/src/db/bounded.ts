import type { Pool, PoolConnection } from 'mysql2/promise';

/** Bounds on how long and how many requests use the database. */
export interface DbBounds {
  /** Requests that use a connection at once: the pool size. */
  readonly poolSize: number;
  /** Requests allowed to wait for a free connection; past it they are refused at once. */
  readonly queueLimit: number;
  /** Longest wait for a free connection, in milliseconds. */
  readonly queueTimeoutMs: number;
  /** Longest database work of one request (connecting and every statement), in milliseconds. */
  readonly queryTimeoutMs: number;
}

/** Why a request could not get a connection although the database may be healthy: this replica is saturated. */
export type SaturationReason = 'queue_full' | 'queue_timeout';

/** The pool and its queue are full, or the wait for a connection ran out: shed load (503, retry soon). */
export class PoolSaturated extends Error {
  constructor(readonly reason: SaturationReason) {
    super(reason === 'queue_full' ? 'every connection is busy and the queue is full' : 'no connection became free in time');
    this.name = 'PoolSaturated';
  }
}

/**
 * The database work of a request ran past its deadline: the database accepts connections but does not answer
 * (or answers far too slowly). Classified as "database unavailable" (db/errors.ts).
 */
export class DbTimeout extends Error {
  readonly code = 'DB_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`the database did not answer within ${timeoutMs} ms`);
    this.name = 'DbTimeout';
  }
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
  /** Set when it timed out: it stays in the array until it reaches the head, then is skipped. */
  gone: boolean;
}

/**
 * Admission in front of the mysql2 pool, with deadlines. mysql2 bounds its queue only by length (`queueLimit`),
 * has no wait timeout, and its per-query `timeout` leaves the timed-out command on the connection (the next
 * statement queues behind it forever when the database black-holes). So this class:
 *
 * - lets at most `poolSize` requests hold a connection, so mysql2's own queue is never used;
 * - queues at most `queueLimit` more, each for at most `queueTimeoutMs` ({@link PoolSaturated} otherwise);
 * - gives the database work of a request `queryTimeoutMs`; past it the connection is destroyed (MySQL rolls back
 *   the session's transaction) and the request fails with {@link DbTimeout}, whatever the database does.
 */
export class BoundedPool {
  private active = 0;
  private readonly queue: Waiter[] = [];
  private head = 0;
  private waitingCount = 0;

  constructor(readonly pool: Pool, readonly bounds: DbBounds) {}

  /** Requests holding a connection slot. */
  get inUse(): number {
    return this.active;
  }

  /** Requests waiting for a connection slot. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** True when a request arriving now would be refused at once (every slot busy, the queue full). */
  get saturated(): boolean {
    return this.active >= this.bounds.poolSize && this.waitingCount >= this.bounds.queueLimit;
  }

  /** Runs `work` on a pooled connection within the bounds; the connection goes back to the pool afterwards. */
  async withConnection<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    await this.acquireSlot();
    return this.runWithDeadline(work);
  }

  private acquireSlot(): Promise<void> {
    if (this.active < this.bounds.poolSize) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waitingCount >= this.bounds.queueLimit) return Promise.reject(new PoolSaturated('queue_full'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined, gone: false };
      waiter.timer = setTimeout(() => {
        waiter.gone = true;
        this.waitingCount--;
        reject(new PoolSaturated('queue_timeout'));
      }, this.bounds.queueTimeoutMs);
      this.queue.push(waiter);
      this.waitingCount++;
    });
  }

  /** Hands the slot to the oldest live waiter, or frees it. */
  private releaseSlot(): void {
    while (this.head < this.queue.length) {
      const next = this.queue[this.head] as Waiter;
      this.head++;
      if (next.gone) continue;
      clearTimeout(next.timer);
      this.waitingCount--;
      this.compact();
      next.resolve();
      return;
    }
    this.compact();
    this.active--;
  }

  /** Drops the consumed head of the queue once it is large, so the array does not grow without end. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private runWithDeadline<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let conn: PoolConnection | undefined;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(new DbTimeout(this.bounds.queryTimeoutMs));
        if (conn !== undefined) {
          // The statement may never return: drop the connection (the pool forgets it, the server rolls back).
          conn.destroy();
          this.releaseSlot();
        }
        // Still connecting: the slot stays taken until the connect attempt ends (connectTimeout bounds it).
      }, this.bounds.queryTimeoutMs);

      this.pool.getConnection().then(
        (acquired) => {
          if (timedOut) {
            acquired.release();
            this.releaseSlot();
            return;
          }
          conn = acquired;
          work(acquired).then(
            (value) => {
              if (timedOut) return;
              clearTimeout(timer);
              acquired.release();
              this.releaseSlot();
              resolve(value);
            },
            (err: unknown) => {
              if (timedOut) return;
              clearTimeout(timer);
              acquired.release();
              this.releaseSlot();
              reject(err);
            },
          );
        },
        (err: unknown) => {
          this.releaseSlot();
          if (timedOut) return;
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }
}

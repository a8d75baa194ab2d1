import type { FakeClock } from './clock';
import type { ResolvedOptions } from './options';
import type { IdFactory, Store } from './store';

/** What every route handler can reach: options, clock, state and id factory of one fake instance. */
export interface FakeCore {
  readonly options: ResolvedOptions;
  readonly clock: FakeClock;
  readonly store: Store;
  readonly ids: IdFactory;
  /** `http://host:port` of the running server (used for per-vault KMS endpoints). */
  baseUrl(): string;
}

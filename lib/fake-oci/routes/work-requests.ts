import type { FakeCore } from '../core';
import { type Phase, timeOfState } from '../lifecycle';
import type { StoredResource } from '../store';

/** Statuses after which a work request has `timeFinished`. */
const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELED'];

/** How long a work request stays ACCEPTED before IN_PROGRESS (realistic ms, scaled). */
const ACCEPTED_MS = 2_000;

/**
 * Status timeline of a work request that finishes when its resource reaches `doneAt` (clock ms):
 * ACCEPTED → IN_PROGRESS → SUCCEEDED (or FAILED when the provisioning is bound to fail).
 */
export function workRequestPhases(core: FakeCore, doneAt: number, outcome: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED'): Phase[] {
  const now = core.clock.now();
  const startAt = Math.min(now + core.clock.scaled(ACCEPTED_MS), doneAt);
  return [{ state: 'ACCEPTED', at: now }, { state: 'IN_PROGRESS', at: startAt }, { state: outcome, at: Math.max(doneAt, startAt) }];
}

export interface WorkRequestTimes {
  status: string;
  timeStarted?: Date;
  timeFinished?: Date;
  /** What resources[].actionType shows now: the final action once SUCCEEDED, else IN_PROGRESS / FAILED. */
  actionType(finalAction: string): string;
  percentComplete: number;
}

/** Current status and times of a work request, derived from its phases on the clock. */
export function workRequestTimes(core: FakeCore, wr: StoredResource): WorkRequestTimes {
  const status = core.store.state(wr);
  const startedAt = timeOfState(wr.phases, 'IN_PROGRESS');
  const started = startedAt !== undefined && startedAt <= core.clock.now();
  const finishedAt = FINAL.includes(status) ? timeOfState(wr.phases, status) : undefined;
  const accepted = wr.phases[0]?.at ?? 0;
  const doneAt = timeOfState(wr.phases, 'SUCCEEDED');
  const percent = status === 'SUCCEEDED' ? 100
    : doneAt !== undefined && doneAt > accepted ? Math.min(99, Math.floor(((core.clock.now() - accepted) / (doneAt - accepted)) * 100)) : 0;
  return {
    status,
    ...(started ? { timeStarted: new Date(startedAt) } : {}),
    ...(finishedAt !== undefined ? { timeFinished: new Date(finishedAt) } : {}),
    actionType: (finalAction) => (status === 'SUCCEEDED' ? finalAction : status === 'FAILED' ? 'FAILED' : 'IN_PROGRESS'),
    percentComplete: Math.max(0, percent),
  };
}

import type * as kms from 'oci-keymanagement';
import type { FakeCore } from '../core';
import { invalidParameter, missingParameter } from '../errors';
import type { StoredResource } from '../store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Auto-rotation interval bounds (AutoKeyRotationDetails.rotationIntervalInDays, oci-keymanagement 2.139.1). */
const MIN_DAYS = 60;
const MAX_DAYS = 365;

export type RotationFields = Pick<kms.models.Key, 'isAutoRotationEnabled' | 'autoKeyRotationDetails'>;

/**
 * The auto-rotation fields a CreateKey/UpdateKey body asks for, checked as OCI does: only keys of a VIRTUAL_PRIVATE
 * vault rotate automatically ("This feature is available only for virtual private vaults", Oracle, Enabling and
 * Updating Auto Key Rotation); a new schedule needs its interval (60-365 days). The next rotation is derived from the
 * schedule start (today when not given; KMS ignores the time of day).
 */
export function autoRotationFields(core: FakeCore, vault: StoredResource<'vault'>, d: RotationFields, current?: RotationFields): RotationFields {
  const enabled = d.isAutoRotationEnabled ?? current?.isAutoRotationEnabled;
  if (!enabled) return d.isAutoRotationEnabled === false ? { isAutoRotationEnabled: false } : (current ?? {});
  if (vault.body.vaultType !== 'VIRTUAL_PRIVATE') {
    throw invalidParameter('isAutoRotationEnabled', `automatic key rotation is available only for keys in a VIRTUAL_PRIVATE vault (vault ${vault.id} is ${vault.body.vaultType})`);
  }
  const days = d.autoKeyRotationDetails?.rotationIntervalInDays ?? current?.autoKeyRotationDetails?.rotationIntervalInDays;
  if (days === undefined) throw missingParameter('autoKeyRotationDetails.rotationIntervalInDays');
  if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
    throw invalidParameter('autoKeyRotationDetails.rotationIntervalInDays', `${days} must be ${MIN_DAYS}..${MAX_DAYS}`);
  }
  const requestedStart = d.autoKeyRotationDetails?.timeOfScheduleStart ?? current?.autoKeyRotationDetails?.timeOfScheduleStart;
  const start = startOfDay(requestedStart === undefined ? core.clock.now() : new Date(requestedStart).getTime());
  if (Number.isNaN(start)) throw invalidParameter('autoKeyRotationDetails.timeOfScheduleStart', `"${String(requestedStart)}" is not an RFC 3339 date`);
  return {
    isAutoRotationEnabled: true,
    autoKeyRotationDetails: {
      ...(current?.autoKeyRotationDetails ?? {}),
      rotationIntervalInDays: days,
      timeOfScheduleStart: new Date(start),
      timeOfNextRotation: new Date(start + days * DAY_MS),
    },
  };
}

function startOfDay(ms: number): number {
  return ms - (ms % DAY_MS);
}

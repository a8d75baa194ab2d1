import type * as kms from 'oci-keymanagement';
import type { FakeCore } from '../core';
import { incorrectState, invalidParameter, notFound } from '../errors';
import type { HandlerContext, HandlerResult, Route } from '../router';
import type { StoredResource } from '../store';
import { autoRotationFields } from './kms-rotation-rules';
import {
  bodyOf, cancelDeletion, createPhases, isIn, listKind, paged, requireCompartment, required, requireResource,
  resourceResult, scheduleDeletionAt, tagsOf,
} from './common';

const V = '/20180608';
const VAULT_TYPES = ['DEFAULT', 'VIRTUAL_PRIVATE'];
const AES_LENGTHS = [16, 24, 32];

function createVault(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<kms.models.CreateVaultDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const displayName = required(d, 'displayName');
  const vaultType = required(d, 'vaultType');
  if (!VAULT_TYPES.includes(vaultType)) throw invalidParameter('vaultType', `"${vaultType}" must be one of ${VAULT_TYPES.join(', ')}`);
  const id = core.ids.regional('vault');
  const vault = core.store.put('vault', {
    id, compartmentId, phases: createPhases(core, 'vault'),
    body: {
      id, compartmentId, displayName, vaultType: vaultType as kms.models.Vault.VaultType,
      managementEndpoint: `${core.baseUrl()}/kms/${id}/management`, cryptoEndpoint: `${core.baseUrl()}/kms/${id}/crypto`,
      wrappingkeyId: core.ids.regional('key'), timeCreated: core.clock.date(), isPrimary: true, isVaultReplicable: false, ...tagsOf(d),
    },
  });
  return resourceResult(core, vault);
}

function scheduleVaultDeletion(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vault = requireResource(core, 'vault', ctx.params.vaultId);
  if (!isIn(core, vault, 'ACTIVE')) throw incorrectState(`Vault ${vault.id} is ${core.store.state(vault)}; only an ACTIVE vault can be scheduled for deletion.`);
  const d = bodyOf<kms.models.ScheduleVaultDeletionDetails>(ctx);
  const at = scheduleDeletionAt(core, vault, d.timeOfDeletion, 7, 30);
  vault.body.timeOfDeletion = at;
  // Keys and secrets of the vault go with it.
  for (const kind of ['key', 'secret'] as const) {
    for (const child of core.store.list(kind)) {
      if (child.parentId === vault.id && !isIn(core, child, 'PENDING_DELETION', 'SCHEDULING_DELETION', 'DELETED')) {
        scheduleDeletionAt(core, child, at, 0, 30);
        child.body.timeOfDeletion = at;
      }
    }
  }
  return resourceResult(core, vault);
}

function cancelVaultDeletion(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vault = requireResource(core, 'vault', ctx.params.vaultId);
  if (!isIn(core, vault, 'PENDING_DELETION')) throw incorrectState(`Vault ${vault.id} is ${core.store.state(vault)}; only a PENDING_DELETION vault can be restored.`);
  cancelDeletion(core, vault, 'ACTIVE');
  delete vault.body.timeOfDeletion;
  return resourceResult(core, vault);
}

/** The vault behind a management endpoint; it must be ACTIVE to manage keys. */
export function managedVault(ctx: HandlerContext, forWrite: boolean): StoredResource<'vault'> {
  const vault = requireResource(ctx.core, 'vault', ctx.vaultId);
  if (forWrite && !isIn(ctx.core, vault, 'ACTIVE')) {
    throw incorrectState(`Vault ${vault.id} is ${ctx.core.store.state(vault)}; keys can be managed only in an ACTIVE vault.`);
  }
  return vault;
}

export function keyOfVault(core: FakeCore, vault: StoredResource<'vault'>, keyId: string | undefined): StoredResource<'key'> {
  const key = requireResource(core, 'key', keyId);
  if (key.parentId !== vault.id) throw notFound(`key ${keyId ?? ''} in vault ${vault.id}`);
  return key;
}

function createKey(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vault = managedVault(ctx, true);
  const d = bodyOf<kms.models.CreateKeyDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const displayName = required(d, 'displayName');
  const shape = required(d, 'keyShape');
  if (shape.algorithm === 'AES' && !AES_LENGTHS.includes(shape.length)) {
    throw invalidParameter('keyShape.length', `${shape.length} is not an AES key length in bytes (16, 24 or 32)`);
  }
  const rotation = autoRotationFields(core, vault, d);
  const id = core.ids.regional('key');
  const key = core.store.put('key', {
    id, compartmentId, parentId: vault.id, phases: createPhases(core, 'key'),
    body: {
      id, compartmentId, displayName, keyShape: shape, vaultId: vault.id, currentKeyVersion: core.ids.regional('keyversion'),
      protectionMode: (d.protectionMode ?? 'HSM') as kms.models.Key.ProtectionMode, timeCreated: core.clock.date(), isPrimary: true,
      ...rotation,
      ...tagsOf(d),
    },
  });
  return resourceResult(core, key);
}

function listKeys(ctx: HandlerContext): HandlerResult {
  const { core, query } = ctx;
  const vault = managedVault(ctx, false);
  const protectionMode = query.one('protectionMode');
  const algorithm = query.one('algorithm');
  const length = query.one('length');
  const items = listKind(ctx, 'key').filter((k) => k.parentId === vault.id
    && (protectionMode === undefined || k.body.protectionMode === protectionMode)
    && (algorithm === undefined || k.body.keyShape.algorithm === algorithm)
    && (length === undefined || String(k.body.keyShape.length) === length))
    .map((k) => {
      const v = core.store.view(k);
      return {
        id: v.id, compartmentId: v.compartmentId, displayName: v.displayName, lifecycleState: v.lifecycleState, timeCreated: v.timeCreated,
        vaultId: v.vaultId, protectionMode: v.protectionMode, algorithm: v.keyShape.algorithm, freeformTags: v.freeformTags,
        definedTags: v.definedTags, isAutoRotationEnabled: v.isAutoRotationEnabled ?? false,
      };
    });
  return paged(ctx, items);
}

function scheduleKeyDeletion(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vault = managedVault(ctx, false);
  const key = keyOfVault(core, vault, ctx.params.keyId);
  if (!isIn(core, key, 'ENABLED', 'DISABLED')) throw incorrectState(`Key ${key.id} is ${core.store.state(key)}; only ENABLED or DISABLED keys can be scheduled for deletion.`);
  const d = bodyOf<kms.models.ScheduleKeyDeletionDetails>(ctx);
  key.body.timeOfDeletion = scheduleDeletionAt(core, key, d.timeOfDeletion, 7, 30);
  return resourceResult(core, key);
}

/** Restores a key scheduled for deletion (its vault must be ACTIVE again first). */
function cancelKeyDeletion(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vault = managedVault(ctx, true);
  const key = keyOfVault(core, vault, ctx.params.keyId);
  if (!isIn(core, key, 'PENDING_DELETION')) throw incorrectState(`Key ${key.id} is ${core.store.state(key)}; only a PENDING_DELETION key can be restored.`);
  cancelDeletion(core, key, 'ENABLED');
  delete key.body.timeOfDeletion;
  return resourceResult(core, key);
}

function listVaults(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  return paged(ctx, listKind(ctx, 'vault').map((v) => {
    const view = core.store.view(v);
    return {
      id: view.id, compartmentId: view.compartmentId, displayName: view.displayName, lifecycleState: view.lifecycleState,
      cryptoEndpoint: view.cryptoEndpoint, managementEndpoint: view.managementEndpoint, timeCreated: view.timeCreated,
      vaultType: view.vaultType, freeformTags: view.freeformTags, definedTags: view.definedTags,
    };
  }));
}

/** Vault operations on the KMS control plane (`/kms`). */
export const kmsRoutes: Route[] = [
  { method: 'POST', pattern: `${V}/vaults`, op: 'CreateVault', handler: createVault },
  { method: 'GET', pattern: `${V}/vaults`, op: 'ListVaults', handler: listVaults },
  { method: 'GET', pattern: `${V}/vaults/{vaultId}`, op: 'GetVault', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'vault', ctx.params.vaultId)) },
  { method: 'POST', pattern: `${V}/vaults/{vaultId}/actions/scheduleDeletion`, op: 'ScheduleVaultDeletion', handler: scheduleVaultDeletion },
  { method: 'POST', pattern: `${V}/vaults/{vaultId}/actions/cancelDeletion`, op: 'CancelVaultDeletion', handler: cancelVaultDeletion },
];

/** Key operations on a vault's management endpoint (`/kms/<vaultId>/management`). */
export const kmsManagementRoutes: Route[] = [
  { method: 'POST', pattern: `${V}/keys`, op: 'CreateKey', handler: createKey },
  { method: 'GET', pattern: `${V}/keys`, op: 'ListKeys', handler: listKeys },
  { method: 'GET', pattern: `${V}/keys/{keyId}`, op: 'GetKey', handler: (ctx) => resourceResult(ctx.core, keyOfVault(ctx.core, managedVault(ctx, false), ctx.params.keyId)) },
  { method: 'POST', pattern: `${V}/keys/{keyId}/actions/scheduleDeletion`, op: 'ScheduleKeyDeletion', handler: scheduleKeyDeletion },
  { method: 'POST', pattern: `${V}/keys/{keyId}/actions/cancelDeletion`, op: 'CancelKeyDeletion', handler: cancelKeyDeletion },
];

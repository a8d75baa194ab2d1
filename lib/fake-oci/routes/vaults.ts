import { createHash } from 'node:crypto';
import type * as vaults from 'oci-vault';
import type { FakeCore } from '../core';
import { conflict, incorrectState, invalidParameter } from '../errors';
import type { HandlerContext, HandlerResult, Route } from '../router';
import type { SecretVersion, StoredResource } from '../store';
import {
  bodyOf, cancelDeletion, createPhases, isIn, listKind, paged, requireCompartment, required, requireResource,
  resourceResult, scheduleDeletionAt, tagsOf,
} from './common';

const V = '/20180608';
const SECRET_NAME = /^[A-Za-z0-9._-]{1,255}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A secret name stays taken until the secret is finally DELETED, also while PENDING_DELETION (docs/oci-sdk.md §9). */
function nameTaken(core: FakeCore, vaultId: string, name: string): StoredResource<'secret'> | undefined {
  return core.store.list('secret').find((s) => s.parentId === vaultId && s.body.secretName === name && !isIn(core, s, 'DELETED'));
}

function contentOf(core: FakeCore, secretId: string, version: number, details: { secretContent?: vaults.models.Base64SecretContentDetails; enableAutoGeneration?: boolean }): { content: string; stage?: string } {
  const sc = details.secretContent;
  if (sc) {
    if (sc.contentType !== 'BASE64') throw invalidParameter('secretContent.contentType', `"${sc.contentType}" must be BASE64`);
    const content = sc.content ?? '';
    if (content === '' || content.length % 4 !== 0 || !BASE64.test(content)) {
      throw invalidParameter('secretContent.content', 'must be non-empty base64 (the value itself is not echoed)');
    }
    const stage = (sc as { stage?: string }).stage;
    return stage === undefined ? { content } : { content, stage };
  }
  if (details.enableAutoGeneration) {
    // Vault generates the value; derived, so runs are reproducible.
    const generated = createHash('sha256').update(`${core.options.seed}:${secretId}:${version}`).digest('base64url').slice(0, 24);
    return { content: Buffer.from(`Aa1!${generated}`).toString('base64') };
  }
  throw invalidParameter('secretContent', 'is required unless enableAutoGeneration is true');
}

function addVersion(core: FakeCore, secretId: string, content: string, stage: string | undefined): SecretVersion {
  const versions = core.store.secretVersions.get(secretId) ?? [];
  const makeCurrent = stage === undefined || stage === 'CURRENT';
  for (const v of versions) {
    v.stages = v.stages.filter((s) => s !== 'LATEST' && (!makeCurrent || s !== 'CURRENT'));
    if (makeCurrent && v.versionNumber === versions.length) v.stages = [...v.stages.filter((s) => s !== 'PREVIOUS'), 'PREVIOUS'];
  }
  const version: SecretVersion = {
    versionNumber: versions.length + 1, content, stages: makeCurrent ? ['CURRENT', 'LATEST'] : [stage, 'LATEST'], timeCreated: core.clock.date(),
  };
  core.store.secretVersions.set(secretId, [...versions, version]);
  return version;
}

function createSecret(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<vaults.models.CreateSecretDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vault = requireResource(core, 'vault', required(d, 'vaultId'));
  if (!isIn(core, vault, 'ACTIVE')) throw incorrectState(`Vault ${vault.id} is ${core.store.state(vault)}; secrets need an ACTIVE vault.`);
  const key = core.store.get('key', required(d, 'keyId'));
  if (!key || key.parentId !== vault.id) throw invalidParameter('keyId', `"${d.keyId}" is not a key of vault ${vault.id}`);
  if (key.body.keyShape.algorithm !== 'AES') throw invalidParameter('keyId', 'secrets need a symmetric (AES) key');
  if (!isIn(core, key, 'ENABLED')) throw incorrectState(`Key ${key.id} is ${core.store.state(key)}; it must be ENABLED.`);
  const secretName = required(d, 'secretName');
  if (!SECRET_NAME.test(secretName)) throw invalidParameter('secretName', `"${secretName}" must be 1-255 letters, digits, '.', '_' or '-'`);
  const taken = nameTaken(core, vault.id, secretName);
  if (taken) {
    throw conflict(`A secret named "${secretName}" already exists in vault ${vault.id} (state ${core.store.state(taken)}); names stay reserved until the secret is deleted.`);
  }
  const id = core.ids.regional('vaultsecret');
  const { content, stage } = contentOf(core, id, 1, d);
  addVersion(core, id, content, stage);
  const secret = core.store.put('secret', {
    id, compartmentId, parentId: vault.id, phases: createPhases(core, 'secret'),
    body: {
      id, compartmentId, vaultId: vault.id, keyId: key.id, secretName, currentVersionNumber: 1, timeCreated: core.clock.date(),
      ...(d.description ? { description: d.description } : {}), ...(d.metadata ? { metadata: d.metadata } : {}),
      ...(d.enableAutoGeneration !== undefined ? { isAutoGenerationEnabled: d.enableAutoGeneration } : {}),
      ...(d.secretGenerationContext ? { secretGenerationContext: d.secretGenerationContext } : {}),
      ...tagsOf(d),
    },
  });
  return resourceResult(core, secret);
}

function updateSecret(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const secret = requireResource(core, 'secret', ctx.params.secretId);
  if (!isIn(core, secret, 'ACTIVE')) throw incorrectState(`Secret ${secret.id} is ${core.store.state(secret)}; it must be ACTIVE to update.`);
  const d = bodyOf<vaults.models.UpdateSecretDetails>(ctx);
  if (d.secretContent || (d.enableAutoGeneration && !d.secretContent)) {
    const next = (core.store.secretVersions.get(secret.id)?.length ?? 0) + 1;
    const { content, stage } = contentOf(core, secret.id, next, d);
    const version = addVersion(core, secret.id, content, stage);
    if (version.stages.includes('CURRENT')) secret.body.currentVersionNumber = version.versionNumber;
  }
  if (d.description !== undefined) secret.body.description = d.description;
  if (d.metadata !== undefined) secret.body.metadata = d.metadata;
  if (d.freeformTags !== undefined) secret.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) secret.body.definedTags = d.definedTags;
  core.store.touch(secret);
  return resourceResult(core, secret);
}

function scheduleSecretDeletion(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const secret = requireResource(core, 'secret', ctx.params.secretId);
  if (!isIn(core, secret, 'ACTIVE')) throw incorrectState(`Secret ${secret.id} is ${core.store.state(secret)}; only an ACTIVE secret can be scheduled for deletion.`);
  const d = bodyOf<vaults.models.ScheduleSecretDeletionDetails>(ctx);
  secret.body.timeOfDeletion = scheduleDeletionAt(core, secret, d.timeOfDeletion, 1, 30);
  return { status: 200, headers: { etag: core.store.etag(secret) } };
}

function cancelSecretDeletion(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const secret = requireResource(core, 'secret', ctx.params.secretId);
  if (!isIn(core, secret, 'PENDING_DELETION')) throw incorrectState(`Secret ${secret.id} is ${core.store.state(secret)}; only a PENDING_DELETION secret can be restored.`);
  cancelDeletion(core, secret, 'ACTIVE');
  delete secret.body.timeOfDeletion;
  return { status: 200, headers: { etag: core.store.etag(secret) } };
}

function listSecrets(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vaultId = ctx.query.one('vaultId');
  return paged(ctx, listKind(ctx, 'secret', { nameField: 'secretName', nameParam: 'name' })
    .filter((s) => vaultId === undefined || s.parentId === vaultId)
    .map((s) => core.store.view(s)));
}

export const vaultsRoutes: Route[] = [
  { method: 'POST', pattern: `${V}/secrets`, op: 'CreateSecret', handler: createSecret },
  { method: 'GET', pattern: `${V}/secrets`, op: 'ListSecrets', handler: listSecrets },
  { method: 'GET', pattern: `${V}/secrets/{secretId}`, op: 'GetSecret', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'secret', ctx.params.secretId)) },
  { method: 'PUT', pattern: `${V}/secrets/{secretId}`, op: 'UpdateSecret', handler: updateSecret },
  { method: 'POST', pattern: `${V}/secrets/{secretId}/actions/scheduleDeletion`, op: 'ScheduleSecretDeletion', handler: scheduleSecretDeletion },
  { method: 'POST', pattern: `${V}/secrets/{secretId}/actions/cancelDeletion`, op: 'CancelSecretDeletion', handler: cancelSecretDeletion },
];

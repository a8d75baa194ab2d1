import type * as secrets from 'oci-secrets';
import type { FakeCore } from '../core';
import { invalidParameter, notFound } from '../errors';
import type { HandlerContext, HandlerResult, Route } from '../router';
import type { StoredResource } from '../store';
import { isIn, requireResource } from './common';

const V = '/20190301';

/** Picks a version by number, or by stage (default CURRENT). */
function bundle(ctx: HandlerContext, secret: StoredResource<'secret'>): HandlerResult {
  const { core, query } = ctx;
  if (!isIn(core, secret, 'ACTIVE')) throw notFound(`secret bundle of ${secret.id} (secret is ${core.store.state(secret)})`);
  const versions = core.store.secretVersions.get(secret.id) ?? [];
  const number = query.one('versionNumber');
  const stage = query.one('stage') ?? (number === undefined ? 'CURRENT' : undefined);
  if (number !== undefined && !/^\d+$/.test(number)) throw invalidParameter('versionNumber', `"${number}" must be a positive integer`);
  const version = versions.find((v) => (number === undefined || v.versionNumber === Number(number)) && (stage === undefined || v.stages.includes(stage)));
  if (!version) throw notFound(`secret version (${number ?? stage ?? ''}) of ${secret.id}`);
  const view: secrets.models.SecretBundle = {
    secretId: secret.id, versionNumber: version.versionNumber, timeCreated: version.timeCreated,
    stages: version.stages as secrets.models.SecretBundle.Stages[],
    secretBundleContent: { contentType: 'BASE64', content: version.content },
    ...(secret.body.timeOfDeletion ? { timeOfDeletion: secret.body.timeOfDeletion } : {}),
  };
  return { json: view, headers: { etag: core.store.etag(secret) } };
}

function byName(core: FakeCore, vaultId: string | undefined, name: string | undefined): StoredResource<'secret'> {
  if (!name) throw invalidParameter('secretName', 'is required');
  if (!vaultId) throw invalidParameter('vaultId', 'is required');
  const found = core.store.list('secret').find((s) => s.parentId === vaultId && s.body.secretName === name && !isIn(core, s, 'DELETED'));
  if (!found) throw notFound(`secret ${name} in vault ${vaultId}`);
  return found;
}

export const secretsRoutes: Route[] = [
  { method: 'GET', pattern: `${V}/secretbundles/{secretId}`, op: 'GetSecretBundle', handler: (ctx) => bundle(ctx, requireResource(ctx.core, 'secret', ctx.params.secretId)) },
  { method: 'POST', pattern: `${V}/secretbundles/actions/getByName`, op: 'GetSecretBundleByName', readOnly: true, handler: (ctx) => bundle(ctx, byName(ctx.core, ctx.query.one('vaultId'), ctx.query.one('secretName'))) },
];

import type * as artifacts from 'oci-artifacts';
import { conflict, incorrectState, invalidParameter } from '../errors';
import { FAKE_USER_ID } from '../options';
import type { HandlerContext, HandlerResult, Route } from '../router';
import {
  bodyOf, createPhases, isIn, listKind, requireCompartment, required, requireResource, resourceResult, scheduleDelete, tagsOf,
} from './common';

const V = '/20160918';
/** OCIR repository names: lower-case path segments (e.g. `app/api`). */
const REPO_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

function getContainerConfiguration(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireCompartment(core, ctx.query.one('compartmentId'));
  const config: artifacts.models.ContainerConfiguration = { isRepositoryCreatedOnFirstPush: false, namespace: core.options.tenancyName };
  return { json: config, headers: { etag: 'container-configuration-1' } };
}

function createContainerRepository(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<artifacts.models.CreateContainerRepositoryDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const displayName = required(d, 'displayName');
  if (!REPO_NAME.test(displayName) || displayName.length > 255) {
    throw invalidParameter('displayName', `"${displayName}" must be lower-case letters, digits, '.', '_', '-' in '/'-separated segments`);
  }
  // The name is the repository path in the tenancy namespace, so it is unique tenancy-wide.
  const existing = core.store.list('containerRepository').find((r) => r.body.displayName === displayName && !isIn(core, r, 'DELETING', 'DELETED'));
  if (existing) throw conflict(`Repository "${displayName}" already exists (${existing.id}).`);
  const id = core.ids.regional('containerrepo');
  const repo = core.store.put('containerRepository', {
    id, compartmentId, phases: createPhases(core, 'containerRepository'),
    body: {
      id, compartmentId, displayName, createdBy: FAKE_USER_ID, imageCount: 0, layerCount: 0, layersSizeInBytes: 0,
      isImmutable: d.isImmutable ?? false, isPublic: d.isPublic ?? false, ...(d.readme ? { readme: d.readme } : {}),
      timeCreated: core.clock.date(), billableSizeInGBs: 0, namespace: core.options.tenancyName, systemTags: {}, ...tagsOf(d),
    },
  });
  return resourceResult(core, repo);
}

function updateContainerRepository(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const repo = requireResource(core, 'containerRepository', ctx.params.repositoryId);
  if (!isIn(core, repo, 'AVAILABLE')) throw incorrectState(`Repository ${repo.id} is ${core.store.state(repo)}; it must be AVAILABLE to update.`);
  const d = bodyOf<artifacts.models.UpdateContainerRepositoryDetails>(ctx);
  if (d.isImmutable !== undefined) repo.body.isImmutable = d.isImmutable;
  if (d.isPublic !== undefined) repo.body.isPublic = d.isPublic;
  if (d.readme !== undefined) repo.body.readme = d.readme;
  if (d.freeformTags !== undefined) repo.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) repo.body.definedTags = d.definedTags;
  core.store.touch(repo);
  return resourceResult(core, repo);
}

function deleteContainerRepository(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const repo = requireResource(core, 'containerRepository', ctx.params.repositoryId);
  if (!isIn(core, repo, 'DELETING', 'DELETED')) scheduleDelete(core, repo, 'containerRepository');
  return { status: 204 };
}

/** Artifacts lists are a collection object, not an array (docs/oci-sdk.md §4). */
function listContainerRepositories(ctx: HandlerContext): HandlerResult {
  const { core, query } = ctx;
  const isPublic = query.one('isPublic');
  const repositoryId = query.one('repositoryId');
  const all = listKind(ctx, 'containerRepository', { nameParam: 'displayName' })
    .filter((r) => (isPublic === undefined || String(r.body.isPublic) === isPublic) && (repositoryId === undefined || r.id === repositoryId));
  const limit = Number(query.one('limit') ?? '1000');
  const offset = Number(query.one('page') ?? '0');
  if (!Number.isInteger(limit) || limit < 1) throw invalidParameter('limit', 'must be a positive integer');
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('page', 'is not a page token from opc-next-page');
  const items: artifacts.models.ContainerRepositorySummary[] = all.slice(offset, offset + limit).map((r) => {
    const v = core.store.view(r);
    return {
      id: v.id, compartmentId: v.compartmentId, displayName: v.displayName, imageCount: 0, isPublic: v.isPublic, layerCount: 0,
      layersSizeInBytes: 0, lifecycleState: v.lifecycleState, timeCreated: v.timeCreated, billableSizeInGBs: 0,
      namespace: v.namespace, freeformTags: v.freeformTags, definedTags: v.definedTags, systemTags: {},
    };
  });
  const collection: artifacts.models.ContainerRepositoryCollection = {
    items, layerCount: 0, layersSizeInBytes: 0, imageCount: 0, repositoryCount: all.length,
    remainingItemsCount: Math.max(0, all.length - offset - items.length),
  };
  const headers: Record<string, string> = {};
  if (offset + limit < all.length) headers['opc-next-page'] = String(offset + limit);
  return { json: collection, headers };
}

export const artifactsRoutes: Route[] = [
  { method: 'GET', pattern: `${V}/container/configuration`, op: 'GetContainerConfiguration', handler: getContainerConfiguration },
  { method: 'POST', pattern: `${V}/container/repositories`, op: 'CreateContainerRepository', handler: createContainerRepository },
  { method: 'GET', pattern: `${V}/container/repositories`, op: 'ListContainerRepositories', handler: listContainerRepositories },
  { method: 'GET', pattern: `${V}/container/repositories/{repositoryId}`, op: 'GetContainerRepository', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'containerRepository', ctx.params.repositoryId)) },
  { method: 'PUT', pattern: `${V}/container/repositories/{repositoryId}`, op: 'UpdateContainerRepository', handler: updateContainerRepository },
  { method: 'DELETE', pattern: `${V}/container/repositories/{repositoryId}`, op: 'DeleteContainerRepository', handler: deleteContainerRepository },
];

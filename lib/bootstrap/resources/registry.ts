import * as artifacts from 'oci-artifacts';
import * as common from 'oci-common';
import type { Context, Resource } from '../engine';
import { tags } from '../engine';
import { compartment, pickTagged } from './common';

export const REGISTRY = { repository: 'ocir-repository' } as const;

/**
 * Repository path inside the tenancy namespace: taken from `app.image.repository` when that already points at
 * this tenancy's OCIR (`<key>.ocir.io/<namespace>/<path>`), else `oke-vn/<app name>`.
 */
export function repositoryName(ctx: Context): string {
  const parts = ctx.env.app.image.repository.split('/');
  if (parts.length >= 3 && /\.ocir\.io$|^ocir\./.test(parts[0]) && parts[1] === ctx.env.oci.tenancyNamespace) return parts.slice(2).join('/');
  return `oke-vn/${ctx.env.app.name}`;
}

/** `<region key>.ocir.io/<namespace>/<repository>`, as `docker push` and the charts use it. */
export function imageRepository(regionId: string, namespace: string, name: string): string {
  const region = common.Region.fromRegionId(regionId);
  const key = (region?.regionCode ?? regionId.split('-')[1]?.slice(0, 3) ?? 'fra').toLowerCase();
  return `${key}.ocir.io/${namespace}/${name}`;
}

type Repo = artifacts.models.ContainerRepository | artifacts.models.ContainerRepositorySummary;
const ar = (ctx: Context) => ctx.clients.artifacts;

async function listRepos(ctx: Context): Promise<artifacts.models.ContainerRepositorySummary[]> {
  const items: artifacts.models.ContainerRepositorySummary[] = [];
  let page: string | undefined;
  do { // the collection is an object, which the SDK paginators do not handle
    const resp = await ar(ctx).listContainerRepositories({ compartmentId: compartment(ctx), displayName: repositoryName(ctx), page });
    items.push(...resp.containerRepositoryCollection.items);
    page = resp.opcNextPage;
  } while (page);
  return items;
}

function waitRepo(ctx: Context, r: Repo, justCreated: boolean): Promise<Repo> {
  return ctx.waiter.until(`OCIR repository "${repositoryName(ctx)}"`, 'ocir-repository',
    async () => (await ar(ctx).getContainerRepository({ repositoryId: r.id })).containerRepository, (x) => x.lifecycleState === 'AVAILABLE', undefined,
    {
      justCreated,
      isDead: (x) => x.lifecycleState === 'DELETED' || x.lifecycleState === 'DELETING',
      confirmExists: async () => (await listRepos(ctx)).some((i) => i.id === r.id && i.lifecycleState !== 'DELETED'),
    });
}

export const repository: Resource<Repo> = {
  id: REGISTRY.repository,
  kind: 'ocir-repository',
  deps: [],
  name: repositoryName,
  async find(ctx) {
    return pickTagged(await listRepos(ctx), ctx, REGISTRY.repository);
  },
  ocid: (r) => r.id,
  state: (r) => String(r.lifecycleState),
  attrs: (r) => ({ namespace: (r as artifacts.models.ContainerRepository).namespace ?? '', name: r.displayName }),
  drift: (_ctx, r) => (r.isPublic ? ['isPublic: true → false'] : []),
  async create(ctx, token) {
    const details: artifacts.models.CreateContainerRepositoryDetails = { compartmentId: compartment(ctx), displayName: repositoryName(ctx), isImmutable: false, isPublic: false, freeformTags: tags(ctx, REGISTRY.repository) };
    const created = (await ar(ctx).createContainerRepository({ createContainerRepositoryDetails: details, opcRetryToken: token(details) })).containerRepository;
    return waitRepo(ctx, created, true);
  },
  waitReady: (ctx, r) => waitRepo(ctx, r, false),
  update: async (ctx, r) => (await ar(ctx).updateContainerRepository({ repositoryId: r.id, updateContainerRepositoryDetails: { isPublic: false } })).containerRepository,
  async remove(ctx, r) {
    await ar(ctx).deleteContainerRepository({ repositoryId: r.id });
    await ctx.waiter.untilGone(`OCIR repository "${repositoryName(ctx)}"`, 'ocir-repository', async () => (await ar(ctx).getContainerRepository({ repositoryId: r.id })).containerRepository, (x) => x.lifecycleState === 'DELETED');
  },
};

export const registryResources: Resource[] = [repository] as Resource[];

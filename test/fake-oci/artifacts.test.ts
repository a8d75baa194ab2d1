import { errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

describe('Artifacts (OCIR) on the fake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ speed: 1, tenancyName: 'acme' });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterAll(() => h.fake.stop());

  it('reports the container configuration namespace', async () => {
    const { containerConfiguration } = await h.clients.artifacts.getContainerConfiguration({ compartmentId: h.tenancyId });
    expect(containerConfiguration).toEqual({ isRepositoryCreatedOnFirstPush: false, namespace: 'acme' });
  });

  it('creates repositories, lists them as a collection, rejects duplicates and bad names, deletes', async () => {
    const { containerRepository: repo } = await h.clients.artifacts.createContainerRepository({ createContainerRepositoryDetails: {
      compartmentId: h.tenancyId, displayName: 'app/api', isImmutable: true, isPublic: false, freeformTags: { stack: 's' },
    } });
    expect(repo).toMatchObject({ lifecycleState: 'AVAILABLE', namespace: 'acme', isImmutable: true });
    await h.clients.artifacts.createContainerRepository({ createContainerRepositoryDetails: { compartmentId: h.tenancyId, displayName: 'app/web' } });
    const dup = await errorOf(h.clients.artifacts.createContainerRepository({ createContainerRepositoryDetails: { compartmentId: h.tenancyId, displayName: 'app/api' } }));
    expect(dup).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    const bad = await errorOf(h.clients.artifacts.createContainerRepository({ createContainerRepositoryDetails: { compartmentId: h.tenancyId, displayName: 'App/API' } }));
    expect(bad.message).toContain('displayName');

    const all = await h.clients.artifacts.listContainerRepositories({ compartmentId: h.tenancyId, limit: 1 });
    expect(all.containerRepositoryCollection).toMatchObject({ repositoryCount: 2, remainingItemsCount: 1 });
    expect(all.containerRepositoryCollection.items.map((r) => r.displayName)).toEqual(['app/api']);
    expect(all.opcNextPage).toBe('1');
    const named = await h.clients.artifacts.listContainerRepositories({ compartmentId: h.tenancyId, displayName: 'app/web' });
    expect(named.containerRepositoryCollection.items.map((r) => r.displayName)).toEqual(['app/web']);

    const updated = await h.clients.artifacts.updateContainerRepository({ repositoryId: repo.id, updateContainerRepositoryDetails: { isPublic: true } });
    expect(updated.containerRepository).toMatchObject({ isPublic: true, isImmutable: true });
    await h.clients.artifacts.deleteContainerRepository({ repositoryId: repo.id });
    expect((await h.clients.artifacts.getContainerRepository({ repositoryId: repo.id })).containerRepository.lifecycleState).toBe('DELETING');
    h.fake.advanceClock(10_000);
    expect((await errorOf(h.clients.artifacts.getContainerRepository({ repositoryId: repo.id }))).statusCode).toBe(404);
  });
});

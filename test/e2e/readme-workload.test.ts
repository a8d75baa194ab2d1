/**
 * README "Add your own workload" is executable: its code blocks, copied verbatim into a fresh copy of the
 * project at the paths their first lines name, synthesize a new environment with both workloads, guarded,
 * ordered and delivered by Argo CD, and leave dist/example as committed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import Ajv from 'ajv';
import { loadEnvironment, vaultReaders } from '../../lib/config';
import { guardPaths, passed } from '../../lib/guard';
import { ROOT, removeTempProject, snapshotTree, tempProject } from '../helpers';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: Record<string, unknown> };

/** The fenced blocks of a README section whose first line is `// <path>` or `# <path>`. */
function fileBlocks(readme: string, heading: string): Array<{ file: string; text: string }> {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks: Array<{ file: string; text: string }> = [];
  for (const m of section.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)) {
    const text = m[1] as string;
    const named = /^(?:\/\/|#) ([\w./-]+\.\w+)\n/.exec(text);
    if (named !== null) blocks.push({ file: named[1] as string, text });
  }
  return blocks;
}

function objectsOf(dir: string, file: string): Obj[] {
  return yaml.loadAll(fs.readFileSync(path.join(dir, file), 'utf8')) as Obj[];
}

describe('README "Add your own workload"', () => {
  const blocks = fileBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'Add your own workload');
  const project = tempProject();
  for (const b of blocks) {
    fs.mkdirSync(path.dirname(path.join(project, b.file)), { recursive: true });
    fs.writeFileSync(path.join(project, b.file), b.text);
  }
  const run = spawnSync(process.execPath, ['scripts/run-bundled.js', 'main.ts'], { cwd: project, encoding: 'utf8', timeout: 60000 });
  const shop = path.join(project, 'dist', 'shop');
  afterAll(() => removeTempProject(project));

  test('names an environment file and TypeScript modules, and they synthesize', () => {
    expect(blocks.map((b) => b.file).sort()).toEqual(['config/shop.yaml', 'workloads/index.ts', 'workloads/orders.ts']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('the environment file passes the JSON Schema its header names', () => {
    const text = fs.readFileSync(path.join(project, 'config', 'shop.yaml'), 'utf8');
    expect(text.split('\n').slice(0, 3)).toContain('# yaml-language-server: $schema=./environment.schema.json');
    const validate = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(path.join(project, 'config', 'environment.schema.json'), 'utf8')));
    expect(validate(yaml.load(text))).toBe(true);
  });

  test('dist/shop holds both workloads, each in a file of its own, and passes the guard', () => {
    expect(objectsOf(shop, '40-orders.k8s.yaml').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/orders', 'SecretStore/orders-vault', 'ExternalSecret/orders-db', 'ExternalSecret/orders-tls', 'Deployment/orders', 'Service/orders',
      'HorizontalPodAutoscaler/orders', 'PodDisruptionBudget/orders', 'Ingress/orders',
    ]);
    expect(objectsOf(shop, '40-mailer.k8s.yaml').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/mailer', 'SecretStore/mailer-vault', 'ExternalSecret/mailer-smtp', 'Deployment/mailer', 'PodDisruptionBudget/mailer',
    ]);
    const report = guardPaths([shop], { virtualNodeLabels: { 'oke-vn.dev/pool': 'virtual' } });
    expect(report.violations).toEqual([]);
    expect(passed(report)).toBe(true);
  });

  test('every object has its sync wave: store before ExternalSecrets before the pods', () => {
    const objects = [...objectsOf(shop, '40-orders.k8s.yaml'), ...objectsOf(shop, '40-mailer.k8s.yaml')];
    const wave = (kind: string) => [...new Set(objects.filter((o) => o.kind === kind).map((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave']))];
    for (const o of objects) expect(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toMatch(/^\d+$/);
    expect([wave('ServiceAccount'), wave('SecretStore'), wave('ExternalSecret'), wave('Deployment')]).toEqual([['0'], ['1'], ['2'], ['4']]);
  });

  test('namespace, Traefik, AppProject and the workloads Application follow', () => {
    expect(objectsOf(shop, '10-namespaces.k8s.yaml').map((o) => o.metadata.name)).toEqual(['traefik', 'app', 'db-user', 'shop']);
    const traefik = objectsOf(shop, '20-ingress-controller.k8s.yaml');
    expect(traefik.filter((o) => o.kind === 'Role').map((o) => o.metadata.namespace)).toEqual(['app', 'shop', 'traefik']);
    const project = objectsOf(shop, 'argocd/bootstrap.k8s.yaml').find((o) => o.kind === 'AppProject' && o.metadata.name === 'shop') as Obj;
    expect((project.spec?.destinations as Array<{ namespace: string }>).map((d) => d.namespace)).toContain('shop');
    const app = objectsOf(shop, 'argocd/apps/workloads.k8s.yaml')[0] as Obj;
    expect((app.spec?.source as { directory: { include: string } }).directory.include)
      .toBe('{10-namespaces.k8s.yaml,20-ingress-controller.k8s.yaml,25-db-user.k8s.yaml,30-app.k8s.yaml,40-mailer.k8s.yaml,40-orders.k8s.yaml}');
  });

  test('the Workload Identity policy lets each workload read exactly the secrets it uses (what apply writes, one statement each)', () => {
    const env = loadEnvironment('shop', { configDir: path.join(project, 'config') });
    const readers = vaultReaders(env).filter((r) => r.namespace === 'shop');
    expect(readers).toEqual([
      { namespace: 'shop', serviceAccount: 'mailer', secrets: ['shop-smtp-password'] },
      { namespace: 'shop', serviceAccount: 'orders', secrets: ['shop-orders-db-password', 'shop-orders-tls'] },
    ]);
  });

  test('dist/example is unchanged', () => {
    expect(snapshotTree(path.join(project, 'dist', 'example'))).toEqual(snapshotTree(path.join(ROOT, 'dist', 'example')));
  });
});

import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { loadAll } from 'js-yaml';
import { createConnection } from 'mysql2/promise';
import { ENV_VARS, SHUTDOWN_BUDGET_SECONDS, loadConfig } from '../src/config';
import { LIVENESS_PATH, READINESS_PATH } from '../src/ops/health';
import { METRICS_PATH } from '../src/ops/metrics';
import { createTestDatabase, MARIADB, type TestDatabase } from './support/database';
import { call } from './support/http';
import { APP_DIR, REPO_ROOT, buildApp, spawnBuiltApp, waitForStatus, type RunningApp } from './support/process';

/**
 * The contract between the app and the manifests GitOps deploys: read the committed dist/example YAML,
 * check it against what the server reads and serves, then run the server with that environment.
 */

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}
interface EnvVar {
  name: string;
  value?: string;
}
interface Probe {
  httpGet: { path: string; port: number | string };
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  env: EnvVar[];
  ports: { containerPort: number; name?: string }[];
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  volumeMounts: { name: string; mountPath: string }[];
  securityContext: { runAsUser: number; runAsGroup: number; readOnlyRootFilesystem: boolean };
}
interface PodSpec {
  containers: Container[];
  volumes: { name: string; emptyDir?: object; secret?: { secretName: string; items?: { key: string; path: string }[] } }[];
  terminationGracePeriodSeconds?: number;
}

const DIST = join(REPO_ROOT, 'dist', 'example');
const manifests: Manifest[] = readdirSync(DIST)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .flatMap((file) => loadAll(readFileSync(join(DIST, file), 'utf8')) as Manifest[])
  .filter((doc) => doc !== null && typeof doc === 'object');

/** The app's Deployment is the one whose container is configured through DB_HOST, i.e. by our config contract. */
const deployment = manifests.find(
  (m) => m.kind === 'Deployment' && (m.spec as { template: { spec: PodSpec } }).template.spec.containers.some((c) => (c.env ?? []).some((e) => e.name === 'DB_HOST')),
) as Manifest;
const podSpec = (deployment?.spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } | undefined)?.template.spec as PodSpec;
const podLabels = (deployment?.spec as { template: { metadata: { labels: Record<string, string> } } } | undefined)?.template.metadata.labels ?? {};
const podAnnotations = (deployment?.spec as { template: { metadata: { annotations?: Record<string, string> } } } | undefined)?.template.metadata.annotations ?? {};
const container = podSpec?.containers.find((c) => (c.env ?? []).some((e) => e.name === 'DB_HOST')) as Container;
const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? ''])) as Record<string, string>;

/** The Service whose selector picks the app's pods. */
const service = manifests.find(
  (m) =>
    m.kind === 'Service' &&
    m.metadata.namespace === deployment?.metadata.namespace &&
    Object.entries((m.spec as { selector?: Record<string, string> }).selector ?? {}).every(([k, v]) => podLabels[k] === v),
) as Manifest;
const servicePorts = (service?.spec as { ports: { port: number; targetPort: number | string }[] } | undefined)?.ports ?? [];

function containerPortFor(port: number | string): number | undefined {
  return typeof port === 'number' ? container.ports.find((p) => p.containerPort === port)?.containerPort : container.ports.find((p) => p.name === port)?.containerPort;
}

/** What the app makes of the Deployment's env, with a password file in place of the mounted Secret. */
function configFromDeployment(): ReturnType<typeof loadConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'contract-'));
  try {
    writeFileSync(join(dir, 'password'), 'x');
    return loadConfig({ ...env, DB_PASSWORD_FILE: join(dir, 'password') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** Where the password file comes from: the volume mounted at its directory and the Secret key projected to its name. */
function passwordSource(): { secretName: string; key: string } {
  const file = env.DB_PASSWORD_FILE ?? '';
  const mount = container.volumeMounts.find((m) => posix.dirname(file) === m.mountPath.replace(/\/$/, ''));
  const volume = podSpec.volumes.find((v) => v.name === mount?.name);
  const secret = volume?.secret;
  if (secret === undefined) throw new Error(`no Secret volume is mounted at ${posix.dirname(file)}`);
  const item = secret.items?.find((i) => i.path === posix.basename(file));
  return { secretName: secret.secretName, key: item?.key ?? posix.basename(file) };
}

describe('manifests of the example environment', () => {
  it('contain the app Deployment and its Service', () => {
    expect(deployment).toBeDefined();
    expect(container).toBeDefined();
    expect(service).toBeDefined();
  });

  it('set only variables the app reads, and every one it requires', () => {
    for (const name of Object.keys(env)) expect(ENV_VARS).toContain(name);
    for (const name of ['DB_HOST', 'DB_NAME', 'DB_USER']) expect(env[name]).toBeTruthy();
    expect('DB_PASSWORD' in env).toBe(false); // secrets as files, not env
    expect(env.DB_PASSWORD_FILE).toBeTruthy();
  });

  it('set values the app accepts (loadConfig passes with the password file in place)', () => {
    const config = configFromDeployment();
    expect(config.port).toBe(Number(env.PORT ?? 8080));
  });

  it('expose the port the app listens on, named and targeted by the Service', () => {
    const listening = Number(env.PORT ?? 8080);
    expect(container.ports.map((p) => p.containerPort)).toContain(listening);
    expect(servicePorts.length).toBeGreaterThan(0);
    for (const port of servicePorts) expect(containerPortFor(port.targetPort)).toBe(listening);
    const dockerfile = readFileSync(join(APP_DIR, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${listening}$`, 'm'));
  });

  it('serve /metrics on a port of its own that the Service (and so the Ingress) never reaches; the scrape annotations name it', () => {
    const { metricsPort } = configFromDeployment();
    expect(containerPortFor('metrics')).toBe(metricsPort);
    expect(metricsPort).not.toBe(Number(env.PORT ?? 8080));
    for (const port of servicePorts) expect(containerPortFor(port.targetPort)).not.toBe(metricsPort);
    expect(podAnnotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(metricsPort), 'prometheus.io/path': METRICS_PATH });
    expect(readFileSync(join(APP_DIR, 'Dockerfile'), 'utf8')).toMatch(new RegExp(`^EXPOSE ${metricsPort}$`, 'm'));
  });

  it('probe the paths the app serves, on its port; liveness and readiness differ', () => {
    expect(container.startupProbe.httpGet.path).toBe(LIVENESS_PATH);
    expect(container.livenessProbe.httpGet.path).toBe(LIVENESS_PATH);
    expect(container.readinessProbe.httpGet.path).toBe(READINESS_PATH);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      expect(containerPortFor(probe.httpGet.port)).toBe(Number(env.PORT ?? 8080));
    }
  });

  it('mount the password file from the Secret the ExternalSecret fills, under the key it writes', () => {
    const { secretName, key } = passwordSource();
    const externalSecret = manifests.find(
      (m) => m.kind === 'ExternalSecret' && m.metadata.namespace === deployment.metadata.namespace && (m.spec as { target?: { name?: string } }).target?.name === secretName,
    );
    expect(externalSecret).toBeDefined();
    const keys = ((externalSecret?.spec as { data?: { secretKey: string }[] }).data ?? []).map((d) => d.secretKey);
    expect(keys).toContain(key);
  });

  it('run the container as the image user, read-only, with the shutdown budget the app keeps', () => {
    const dockerfile = readFileSync(join(APP_DIR, 'Dockerfile'), 'utf8');
    const { runAsUser, runAsGroup, readOnlyRootFilesystem } = container.securityContext;
    expect(dockerfile).toMatch(new RegExp(`^USER ${runAsUser}:${runAsGroup}$`, 'm'));
    expect(readOnlyRootFilesystem).toBe(true);
    expect(podSpec.terminationGracePeriodSeconds).toBeUndefined(); // default 30 s > our 25 s budget
    expect(SHUTDOWN_BUDGET_SECONDS).toBeLessThan(30);
  });
});

describe('the app started with the Deployment environment', () => {
  let db: TestDatabase;
  let user: string;
  let app: RunningApp | undefined;
  let secretDir = '';

  beforeAll(async () => {
    buildApp();
    db = await createTestDatabase('contract');
    // A real password, so the file really carries the credential (root has none here).
    user = `apptest_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    const admin = await createConnection({ ...MARIADB });
    await admin.query(`CREATE USER ?@'127.0.0.1' IDENTIFIED BY ?`, [user, password]);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${db.name}\`.* TO ?@'127.0.0.1'`, [user]);
    await admin.end();
    // As Kubernetes projects a Secret key: a file named after the item path, holding the bare value, mode 0644.
    secretDir = mkdtempSync(join(tmpdir(), 'contract-secret-'));
    const file = join(secretDir, posix.basename(env.DB_PASSWORD_FILE ?? 'password'));
    writeFileSync(file, password);
    chmodSync(file, 0o644);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    const admin = await createConnection({ ...MARIADB });
    await admin.query(`DROP USER IF EXISTS ?@'127.0.0.1'`, [user]);
    await admin.end();
    await db?.drop();
    if (secretDir !== '') rmSync(secretDir, { recursive: true, force: true });
  });

  it('answers the probes through the Service target port and shuts down within budget', async () => {
    // Same variable names and values, except where they point: the loopback MariaDB (no TLS there) and the secret file's directory.
    const runEnv: Record<string, string> = {
      ...env,
      DB_HOST: MARIADB.host,
      DB_PORT: String(MARIADB.port),
      DB_NAME: db.name,
      DB_USER: user,
      DB_TLS_MODE: 'DISABLED',
      DB_PASSWORD_FILE: join(secretDir, posix.basename(env.DB_PASSWORD_FILE ?? 'password')),
    };
    expect(Object.keys(runEnv).sort()).toEqual(Object.keys(env).sort());
    const targetPort = containerPortFor(servicePorts[0]?.targetPort ?? 'http') as number;
    await expect(portIsFree(Number(env.PORT ?? 8080))).resolves.toBe(true); // the chart's ports must be free here to run this
    await expect(portIsFree(Number(env.METRICS_PORT ?? 9090))).resolves.toBe(true);
    app = spawnBuiltApp(runEnv, Number(env.PORT ?? 8080));
    const base = `http://127.0.0.1:${targetPort}`;
    await waitForStatus(`${base}${container.startupProbe.httpGet.path}`, 200, 20_000);
    await waitForStatus(`${base}${container.readinessProbe.httpGet.path}`, 200, 20_000);
    expect((await call(base, 'GET', container.livenessProbe.httpGet.path)).status).toBe(200);
    expect((await call(base, 'POST', '/api/items', { json: { name: 'through the contract' } })).status).toBe(201);
    // Metrics answer on the metrics port only; through the Service's target port they do not exist.
    const metricsBase = `http://127.0.0.1:${containerPortFor('metrics') as number}`;
    const scraped = await call(metricsBase, 'GET', podAnnotations['prometheus.io/path'] ?? METRICS_PATH);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toMatch(/^http_requests_total\{method="POST",route="\/api\/items",status_code="201"\} 1$/m);
    expect((await call(base, 'GET', METRICS_PATH)).status).toBe(404);
    expect(app.output()).not.toContain(readFileSync(runEnv.DB_PASSWORD_FILE as string, 'utf8'));

    const sent = Date.now();
    app.signalGroup('SIGTERM');
    await waitForStatus(`${base}${container.readinessProbe.httpGet.path}`, 503, 2_000);
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sent).toBeLessThan(SHUTDOWN_BUDGET_SECONDS * 1000);
  }, 60_000);
});

import { execSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, posix } from 'node:path';
import { appEnv, createTestDatabase, type TestDatabase } from './support/database';
import { call } from './support/http';
import { LayerCache, digest, treeDigest } from './support/layer-cache';
import { APP_DIR, REPO_ROOT, freePorts, spawnWithEnv, waitForStatus } from './support/process';

/** The Dockerfile, split into stages of [instruction, arguments]. No Docker engine here: we check and replay it. */
interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly steps: { readonly op: string; readonly args: string }[];
}

function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: { from: string; name?: string; steps: { op: string; args: string }[] }[] = [];
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const rawArgs = rest.join(' ');
    if (op === 'ARG' && stages.length === 0) {
      const [key = '', value = ''] = rawArgs.split('=');
      args[key] = value;
    } else if (op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rawArgs);
      stages.push({ from: m?.[1] ?? '', ...(m?.[2] !== undefined ? { name: m[2] } : {}), steps: [] });
    } else stages[stages.length - 1]?.steps.push({ op, args: rawArgs });
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readFileSync(join(APP_DIR, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1] as Stage;
const deps = dockerfile.stages.find((s) => s.name === 'deps') as Stage;
const stepArgs = (stage: Stage, op: string) => stage.steps.filter((s) => s.op === op).map((s) => s.args);

describe('app/Dockerfile', () => {
  it('is multi-stage and runs node on the compiled entry point as UID/GID 10001 on ports 8080 (API) and 9090 (metrics)', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'deps', undefined]);
    expect(stepArgs(runtime, 'USER')).toEqual(['10001:10001']);
    expect(stepArgs(runtime, 'EXPOSE')).toEqual(['8080', '9090']);
    expect(stepArgs(runtime, 'CMD')).toEqual(['["node", "app/build/main.js"]']);
    expect(stepArgs(runtime, 'RUN')).toEqual([]);
    expect(JSON.parse(readFileSync(join(APP_DIR, 'package.json'), 'utf8')).main).toBe('build/main.js');
  });

  it('uses a pinned Node 20 base image, the same in every stage', () => {
    expect(dockerfile.args.NODE_IMAGE).toMatch(/^node:20[-.]/);
    expect(dockerfile.args.NODE_IMAGE).not.toContain('latest');
    for (const stage of dockerfile.stages) expect(stage.from).toBe('${NODE_IMAGE}');
  });

  it('installs only production dependencies into the runtime stage', () => {
    const install = stepArgs(deps, 'RUN');
    expect(install).toHaveLength(1);
    expect(install[0]).toMatch(/^npm ci .*--omit=dev/);
    const fromStages = stepArgs(runtime, 'COPY').filter((a) => a.startsWith('--from='));
    expect(fromStages.map((a) => a.split(' ')[0]).sort()).toEqual(['--from=build', '--from=deps', '--from=deps']);
  });

  it('copies only files that exist and that the ignore file lets into the context', () => {
    const allowed = readFileSync(join(APP_DIR, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1));
    for (const stage of dockerfile.stages) {
      for (const copy of stepArgs(stage, 'COPY').filter((a) => !a.startsWith('--from='))) {
        const parts = copy.split(/\s+/);
        for (const source of parts.slice(0, -1)) {
          expect(existsSync(join(REPO_ROOT, source))).toBe(true);
          expect(allowed.some((entry) => source === entry || source.startsWith(`${entry}/`))).toBe(true);
        }
      }
    }
  });
});

/** The version of the npm that `RUN npm ...` finds on PATH, read from its package.json (no npm start-up). */
function npmVersion(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || !existsSync(join(dir, 'npm'))) continue;
    // npm's bin is bin/npm-cli.js (or a link to it) inside the npm package.
    for (let at = dirname(realpathSync(join(dir, 'npm'))); at !== dirname(at); at = dirname(at)) {
      const manifest = join(at, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'npm' && pkg.version !== undefined) return pkg.version;
    }
  }
  return execSync('npm --version', { encoding: 'utf8' }).trim();
}

/** Everything besides the Dockerfile and its context that decides what a RUN step produces here. */
function replayFingerprint(): string {
  const npm = npmVersion();
  // This file's own text: a change to how steps are replayed must not reuse results of the old way.
  return digest(process.version, npm, process.platform, process.arch, readFileSync(__filename));
}

/** A replayed stage: its WORKDIR, the folder standing for its filesystem, and the cache key of that filesystem. */
interface StageResult {
  readonly workdir: string;
  readonly dir: string;
  readonly key: string;
}

/**
 * The cache key after each step of a stage, as Docker's build cache computes it: the step's text, and for COPY the
 * bytes it brings in (from the context, or the key of the stage it copies from). Keys do not depend on running anything.
 * The first key is the stage's base, before any step; key i + 1 is the one after step i.
 */
function stepKeys(stage: Stage, base: string, stages: Map<string, StageResult>): string[] {
  let key = digest(base, 'FROM', stage.from, JSON.stringify(dockerfile.args));
  return [key, ...stage.steps.map(({ op, args }) => {
    if (op === 'COPY') {
      const parts = args.split(/\s+/).slice(0, -1);
      const from = parts[0]?.startsWith('--from=') ? stages.get(parts[0].slice('--from='.length)) : undefined;
      key = digest(key, op, args, ...(from !== undefined ? [from.key] : parts.map((source) => treeDigest(join(REPO_ROOT, source)))));
    } else key = digest(key, op, args);
    return key;
  })];
}

/**
 * Replays one stage in a scratch directory standing for its WORKDIR: COPY from the build context or from an
 * earlier stage, RUN through sh (npm prefers its cache: CI ran `npm ci` just before). ENV, ARG, USER, EXPOSE and
 * CMD do not touch files. As `docker build` does, a stage starts from the cached result of its last RUN whose inputs
 * are unchanged (LayerCache) and replays only the steps after it; a fresh checkout (or `npm ci`) replays everything.
 */
function replayStage(stage: Stage, dir: string, keys: readonly string[], stages: Map<string, StageResult>, cache: LayerCache): StageResult {
  const workdir = stage.steps.filter((s) => s.op === 'WORKDIR').at(-1)?.args ?? '/';
  const key = keys.at(-1) as string;
  const after = (i: number) => keys[i + 1] as string;
  // Kept: the result of every RUN, and the stage's finished filesystem.
  const kept = (i: number) => stage.steps[i]?.op === 'RUN' || i === stage.steps.length - 1;
  let start = 0;
  for (let i = stage.steps.length - 1; i >= 0; i--) {
    const cached = kept(i) ? cache.find(after(i)) : undefined;
    if (cached === undefined) continue;
    // The finished stage is only read from (COPY --from, or run as the image), so it is used where it is.
    if (i === stage.steps.length - 1) return { workdir, dir: cached, key };
    cpSync(cached, dir, { recursive: true, verbatimSymlinks: true });
    start = i + 1;
    break;
  }
  stage.steps.forEach(({ op, args }, i) => {
    if (i < start) return;
    if (op === 'COPY') {
      const parts = args.split(/\s+/);
      const from = parts[0]?.startsWith('--from=') ? stages.get(parts.shift()?.slice('--from='.length) ?? '') : undefined;
      const dest = parts.pop() ?? '.';
      for (const source of parts) {
        const origin = from === undefined ? join(REPO_ROOT, source) : join(from.dir, posix.relative(from.workdir, source));
        const target = dest.endsWith('/') ? join(dir, dest, posix.basename(source)) : join(dir, dest);
        cpSync(origin, target, { recursive: true, verbatimSymlinks: true });
      }
    } else if (op === 'RUN') {
      execSync(args, { cwd: dir, stdio: 'pipe', env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_loglevel: 'error' } });
    }
    if (kept(i)) cache.store(after(i), dir);
  });
  const finished = cache.find(key);
  return { workdir, dir: finished ?? dir, key };
}

describe('the image, replayed stage by stage without Docker', () => {
  let db: TestDatabase;
  let scratch: string | undefined;
  let root: string;
  beforeAll(async () => {
    db = await createTestDatabase('image');
    const scratchDir = mkdtempSync(join(tmpdir(), 'app-image-'));
    scratch = scratchDir;
    // OKE_VN_IMAGE_CACHE: another folder (reachable by UID 10001, which runs the app from it), so
    // `npm run bench -- tests` can time a run with every cache empty.
    const cache = new LayerCache(process.env.OKE_VN_IMAGE_CACHE ?? join(REPO_ROOT, 'node_modules', '.cache', 'app-image-layers'));
    const base = replayFingerprint();
    const stages = new Map<string, StageResult>();
    const used = new Set<string>();
    dockerfile.stages.forEach((stage, i) => {
      const dir = join(scratchDir, stage.name ?? `stage${i}`);
      mkdirSync(dir, { recursive: true });
      const keys = stepKeys(stage, base, stages);
      for (const key of keys) used.add(key);
      const result = replayStage(stage, dir, keys, stages, cache);
      if (stage.name !== undefined) stages.set(stage.name, result);
      root = result.dir;
    });
    cache.prune(used);
    // Root-owned, world-readable, writable by nobody else: like image layers seen by UID 10001.
    chmodSync(scratchDir, 0o755);
    chmodSync(root, 0o755);
  }, 300_000);
  afterAll(async () => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    await db?.drop();
  });

  it('compiles in the build stage from only the files that stage copies', () => {
    expect(existsSync(join(root, 'app', 'build', 'main.js'))).toBe(true);
    expect(existsSync(join(root, 'app', 'src'))).toBe(false);
    expect(existsSync(join(root, 'package-lock.json'))).toBe(false);
  });

  it('holds the runtime dependencies and none of the dev or other workspace dependencies', () => {
    const installed = readdirSync(join(root, 'node_modules'));
    for (const needed of ['fastify', 'mysql2', 'pino', 'prom-client']) expect(installed).toContain(needed);
    for (const unwanted of ['typescript', 'jest', 'tsx', 'autocannon', 'cdk8s', 'oci-common', '@swc']) expect(installed).not.toContain(unwanted);
    // mysql2 lists @types/node among its runtime dependencies; nothing else typed comes along.
    expect(readdirSync(join(root, 'node_modules', '@types'))).toEqual(['node']);
  });

  it('serves as UID/GID 10001 from files it cannot write to', async () => {
    const { port, env: ports } = await freePorts();
    // No drain delay: what this proves is the image layout and user, not the drain (lifecycle.test.ts covers it).
    const env = { ...appEnv(db.name), ...ports, HOME: '/nonexistent', NODE_ENV: 'production', SHUTDOWN_DRAIN_SECONDS: '0' };
    const app = spawnWithEnv(process.execPath, ['app/build/main.js'], env, port, { cwd: root, uid: 10001, gid: 10001 });
    try {
      await waitForStatus(`${app.url}/readyz`, 200, 20_000);
      const created = await call(app.url, 'POST', '/api/items', { json: { name: 'from the image layout' } });
      expect(created.status).toBe(201);
      app.signalGroup('SIGTERM');
      expect((await app.exited).code).toBe(0);
      expect(app.output()).toContain('shutdown complete');
    } finally {
      await app.stop();
    }
  }, 60_000);
});

import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createConnection, createPool } from 'mysql2/promise';
import { migrate } from '../app/src/db/migrate';
import { median, table } from './measure';

const ROOT = path.resolve(__dirname, '..');
const DB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const CONNECTIONS = 50;
const DURATION_S = 3;
const WARMUP_S = 1;
/** Rounds per case, alternating floor and ours so that load from elsewhere on the machine hits both alike. */
const ROUNDS = 2;
const SEEDED = 1000;
const POOL_SIZE = 10;

interface Case {
  readonly title: string;
  readonly method: 'GET' | 'POST';
  /** Path for the n-th request (ids rotate over the seeded rows). */
  readonly path: (n: number) => string;
  readonly body?: string;
}

const CASES: readonly Case[] = [
  { title: 'read by id', method: 'GET', path: (n) => `/api/items/${1 + (n % SEEDED)}` },
  { title: 'list (20 per page)', method: 'GET', path: () => '/api/items?limit=20' },
  { title: 'create', method: 'POST', path: () => '/api/items', body: JSON.stringify({ name: 'bench item', description: 'created under load' }) },
];

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU time (user + system) per request, in microseconds: steadier than req/s on a shared machine. */
  readonly cpuUs: number;
}

/** User + system CPU seconds of a process so far (Linux /proc, clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function load(port: number, c: Case, seconds: number, pid: number): Promise<Figures> {
  let n = 0;
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: c.method,
        headers: c.body !== undefined ? { 'content-type': 'application/json' } : {},
        ...(c.body !== undefined ? { body: c.body } : {}),
        setupRequest: (request) => ({ ...request, path: c.path(n++) }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${c.title} on port ${port}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const cpu = cpuSeconds(pid) - cpuBefore;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuUs: (cpu * 1e6) / Math.max(1, result.requests.total) };
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never became ready`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function start(command: string[], env: Record<string, string>, port: number): ChildProcess {
  return spawn(process.execPath, command, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Our server vs. a minimal Fastify + mysql2 handler running the same queries, both against MariaDB on loopback. */
export async function run(): Promise<string> {
  execFileSync('npm', ['run', '-s', 'build', '-w', 'app'], { cwd: ROOT, stdio: 'inherit' });
  const name = `appbench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(DB);
  await admin.query(`CREATE DATABASE \`${name}\``);
  try {
    const pool = createPool({ ...DB, database: name, connectionLimit: 1 });
    await migrate(pool);
    const values = Array.from({ length: SEEDED }, (_, i) => `('seed ${i}', 'seeded row', 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`).join(',');
    await pool.query(`INSERT INTO items (name, description, version, created_at, updated_at) VALUES ${values}`);
    await pool.end();
    const env = { DB_HOST: DB.host, DB_PORT: String(DB.port), DB_USER: DB.user, DB_PASSWORD: DB.password, DB_NAME: name, DB_POOL_SIZE: String(POOL_SIZE), DB_TLS_MODE: 'DISABLED' };
    const FLOOR_PORT = 18_181;
    const OUR_PORT = 18_182;
    const floorServer = start(['--require', 'tsx/cjs', 'bench/app/floor.ts'], env, FLOOR_PORT);
    const ourServer = start(['app/build/main.js'], { ...env, SHUTDOWN_DRAIN_SECONDS: '0' }, OUR_PORT);
    const floor: Figures[] = [];
    const ours: Figures[] = [];
    try {
      const floorPid = floorServer.pid as number;
      const ourPid = ourServer.pid as number;
      await waitReady(`http://127.0.0.1:${FLOOR_PORT}/api/items/1`);
      await waitReady(`http://127.0.0.1:${OUR_PORT}/readyz`);
      for (const c of CASES) {
        await load(FLOOR_PORT, c, WARMUP_S, floorPid);
        await load(OUR_PORT, c, WARMUP_S, ourPid);
        const f: Figures[] = [];
        const o: Figures[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          f.push(await load(FLOOR_PORT, c, DURATION_S, floorPid));
          o.push(await load(OUR_PORT, c, DURATION_S, ourPid));
        }
        const mid = (list: Figures[]): Figures => ({
          rps: median(list.map((x) => x.rps)),
          p50: median(list.map((x) => x.p50)),
          p99: median(list.map((x) => x.p99)),
          cpuUs: median(list.map((x) => x.cpuUs)),
        });
        floor.push(mid(f));
        ours.push(mid(o));
      }
    } finally {
      await Promise.all([stop(floorServer), stop(ourServer)]);
    }
    const rows = CASES.map((c, i) => {
      const o = ours[i] as Figures;
      const f = floor[i] as Figures;
      const ratio = o.rps / f.rps;
      const verdict = ratio >= 0.8 && o.p99 < 20 ? 'meets' : 'misses';
      return [
        c.title,
        `${Math.round(o.rps)}`,
        `${o.p50} / ${o.p99} ms`,
        `${Math.round(o.cpuUs)} µs`,
        `${Math.round(f.rps)}`,
        `${f.p50} / ${f.p99} ms`,
        `${Math.round(f.cpuUs)} µs`,
        `${ratio.toFixed(2)}× (CPU ${(f.cpuUs / o.cpuUs).toFixed(2)}×)`,
        verdict,
      ];
    });
    return [
      `### app server (loopback, MariaDB, ${CONNECTIONS} connections, median of ${ROUNDS} × ${DURATION_S} s per case after ${WARMUP_S} s warm-up, alternating floor/ours; pool ${POOL_SIZE}; autocannon)`,
      'Target: ≥ 0.8× the floor\'s requests/s and p99 < 20 ms. Floor: bare Fastify + mysql2, same queries, no logging/validation/metrics. Ours logs every request (LOG_LEVEL=info, as deployed). CPU/req is the server process\'s user+system time per request; its ratio (floor ÷ ours) is the throughput ratio a CPU-bound server would reach, and holds steadier than req/s when other work shares the 2 cores.',
      table(['case', 'ours req/s', 'ours p50 / p99', 'ours CPU/req', 'floor req/s', 'floor p50 / p99', 'floor CPU/req', 'ours / floor req/s (CPU)', 'target'], rows),
    ].join('\n');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

if (require.main === module) run().then((r) => console.log(r));

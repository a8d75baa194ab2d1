import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const APP_DIR = join(REPO_ROOT, 'app');
/** The entry point the image runs (CMD node build/main.js). */
export const BUILT_ENTRY = join(APP_DIR, 'build', 'main.js');

const globalBuild = require('../../../test/support/build-app.js') as { (): void; BUILT_ENV: string };

/**
 * Makes sure app/build holds the compiled app/src (the app's `build` script, as the image's build stage runs it).
 * Jest's globalSetup (test/support/build-app.js) has done it once for the whole run; a run without that setup
 * builds here, once per process.
 */
export function buildApp(): void {
  if (process.env[globalBuild.BUILT_ENV] === '1') return;
  globalBuild();
}

/** PORT and METRICS_PORT on free loopback ports, so apps started in parallel do not collide. */
export async function freePorts(): Promise<{ port: number; env: { PORT: string; METRICS_PORT: string } }> {
  const port = await freePort();
  let metricsPort = await freePort();
  while (metricsPort === port) metricsPort = await freePort();
  return { port, env: { PORT: String(port), METRICS_PORT: String(metricsPort) } };
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface RunningApp {
  readonly child: ChildProcess;
  readonly url: string;
  /** Where /metrics is served (METRICS_PORT, default 9090). */
  readonly metricsUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Signals the whole process group (npm and the node it runs), as a terminal's Ctrl-C does. */
  signalGroup(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (or the signal name). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stop(): Promise<void>;
}

/** Spawns a command with exactly the given environment (plus PATH/HOME so node and npm run). */
export function spawnWithEnv(
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  options: { cwd?: string; uid?: number; gid?: number } = {},
): RunningApp {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so a test can signal npm and its children together and clean up all of them.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    // 'close' waits for every holder of the pipes (npm's children too), so no output is lost.
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${env.METRICS_PORT ?? '9090'}`,
    output: () => output,
    signalGroup(signal) {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    },
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGKILL');
        await exited;
      }
    },
  };
}

/** Starts the built app (node app/build/main.js) like the image does. */
export function spawnBuiltApp(env: Record<string, string>, port: number): RunningApp {
  return spawnWithEnv(process.execPath, [BUILT_ENTRY], { ...env, PORT: String(port) }, port);
}

/** Polls a URL until it answers with the wanted status, or fails after the timeout. */
export async function waitForStatus(url: string, status: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === status) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

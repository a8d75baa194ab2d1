import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BootstrapError } from './errors';

/** Holder of an environment's apply/destroy lock. */
export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export function lockPath(configDir: string, envName: string): string {
  return path.join(configDir, `.${envName}.bootstrap.lock`);
}

/**
 * Takes the per-environment lock (an exclusively created file next to the environment file), so two applies
 * or destroys of one environment never run at once. A crashed run leaves the lock behind on purpose: only a
 * person can tell that no other run is still going, so clearing it is explicit (`unlock`, which refuses while
 * the recorded process is alive on this host).
 */
export function acquireLock(configDir: string, envName: string, command: string): () => void {
  const file = lockPath(configDir, envName);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  try {
    fs.writeFileSync(file, `${JSON.stringify(info)}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const holder = readLock(configDir, envName);
    const who = holder ? `${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})` : 'an unreadable lock file';
    throw new BootstrapError(`environment "${envName}" is locked by ${who}: ${file}. If that run is no longer going, clear the lock with: npm run bootstrap -- unlock --env ${envName}`, 'lock');
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try { fs.unlinkSync(file); } catch { /* already cleared by unlock */ }
  };
}

export function readLock(configDir: string, envName: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath(configDir, envName), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/** True when a process with this pid runs on this machine (signal 0 probes without signalling). */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link clearLock}. */
export interface ClearLockOptions {
  /**
   * Clear the lock even though the process it names is alive on this machine (the pid may have been reused by
   * an unrelated program after the run died). @default false
   */
  readonly force?: boolean;
}

/**
 * Clears a stale lock; returns what held it (undefined = there was none). Refuses (BootstrapError) while the
 * recorded process is still alive on this host, unless `force`: clearing the lock of a running apply or destroy
 * would let a second run start beside it. A lock taken on another host cannot be checked from here and is cleared.
 */
export function clearLock(configDir: string, envName: string, options: ClearLockOptions = {}): LockInfo | undefined {
  const holder = readLock(configDir, envName);
  if (holder !== undefined && options.force !== true && holder.host === os.hostname() && processAlive(holder.pid)) {
    throw new BootstrapError(
      `environment "${envName}" is locked by a running ${holder.command} (pid ${holder.pid} on this host, since ${holder.startedAt}); ` +
        `wait for it or stop it, then re-run. If pid ${holder.pid} is another program now, clear the lock with: npm run bootstrap -- unlock --env ${envName} --force`,
      'lock',
    );
  }
  try { fs.unlinkSync(lockPath(configDir, envName)); } catch { return undefined; }
  return holder ?? { pid: 0, host: '?', command: '?', startedAt: '?' };
}

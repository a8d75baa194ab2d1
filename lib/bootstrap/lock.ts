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
 * person can tell that no other run is still going, so clearing it is explicit (`unlock`).
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

/** Clears a stale lock; returns what held it (undefined = there was none). */
export function clearLock(configDir: string, envName: string): LockInfo | undefined {
  const holder = readLock(configDir, envName);
  try { fs.unlinkSync(lockPath(configDir, envName)); } catch { return undefined; }
  return holder ?? { pid: 0, host: '?', command: '?', startedAt: '?' };
}

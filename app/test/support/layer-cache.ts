import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** sha256 over the parts, each length-prefixed so that no two different lists of parts hash alike. */
export function digest(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:`).update(part);
  return hash.digest('hex');
}

/** What a COPY puts into an image from a path: the names, modes, link targets and bytes below it, in a fixed order. */
export function treeDigest(path: string): string {
  const parts: (string | Buffer)[] = [];
  const walk = (p: string, rel: string): void => {
    const st = lstatSync(p);
    parts.push(rel, String(st.mode));
    if (st.isSymbolicLink()) parts.push(readlinkSync(p));
    else if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name), `${rel}/${name}`);
    else parts.push(readFileSync(p));
  };
  walk(path, '.');
  return digest(...parts);
}

/**
 * Docker's build cache for a replayed Dockerfile: the filesystem of a stage after a RUN step, kept under the key of
 * everything that step saw (the steps before it, the bytes every COPY brought in, the tool versions). A replay with the
 * same key starts from the kept result instead of running the step again, as `docker build` reuses a layer; any change
 * to an input makes a new key, and the step runs. Entries that a replay no longer uses are removed after it.
 */
export class LayerCache {
  constructor(private readonly dir: string) {}

  /** The kept filesystem for the key, or undefined when there is none. */
  find(key: string): string | undefined {
    const entry = join(this.dir, key);
    return existsSync(join(entry, '.complete')) ? join(entry, 'fs') : undefined;
  }

  /** Keeps a copy of the folder under the key (written aside, then renamed: a concurrent reader never sees half of it). */
  store(key: string, from: string): void {
    if (this.find(key) !== undefined) return;
    const tmp = join(this.dir, `${key}.${process.pid}.tmp`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    cpSync(from, join(tmp, 'fs'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(tmp, '.complete'));
    try {
      renameSync(tmp, join(this.dir, key));
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // a concurrent replay stored the same key first
    }
  }

  /** Removes every entry but the given keys; entries written in the last ten minutes may belong to a concurrent replay and stay. */
  prune(keep: ReadonlySet<string>): void {
    if (!existsSync(this.dir)) return;
    const recent = Date.now() - 600_000;
    for (const name of readdirSync(this.dir)) {
      if (keep.has(name)) continue;
      const entry = join(this.dir, name);
      if (statSync(entry).mtimeMs < recent) rmSync(entry, { recursive: true, force: true });
    }
  }
}

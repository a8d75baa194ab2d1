import * as fs from 'fs';
import * as path from 'path';
import { Outputs, outputsSchema } from '../config';
import type { Ref } from './engine';
import { BootstrapError } from './errors';
import { CLUSTER } from './resources/cluster';
import { DATABASE } from './resources/database';
import { NET } from './resources/network';
import { REGISTRY, imageRepository } from './resources/registry';
import { NSG } from './resources/security-rules';
import { VAULT } from './resources/vault';
import type { Environment } from '../config';

/** Builds `config/<env>.outputs.json` from the resolved resources; validated by the shared schema. */
export function buildOutputs(env: Environment, refs: ReadonlyMap<string, Ref>): Outputs {
  const need = (id: string): Ref => {
    const r = refs.get(id);
    if (!r) throw new BootstrapError(`cannot write outputs: ${id} was not resolved`, 'internal');
    return r;
  };
  const repo = need(REGISTRY.repository);
  const db = need(DATABASE.dbSystem);
  const candidate = {
    schemaVersion: 1 as const,
    clusterId: need(CLUSTER.cluster).ocid,
    vaultId: need(VAULT.vault).ocid,
    loadBalancerSubnetId: need(NET.lbSubnet).ocid,
    loadBalancerNsgId: need(NSG.loadBalancer).ocid,
    databaseHost: db.attrs.ipAddress as string,
    databasePort: Number(db.attrs.port) || env.database.port,
    imageRepository: imageRepository(env.oci.region, repo.attrs.namespace || env.oci.tenancyNamespace, repo.attrs.name as string),
  };
  const parsed = outputsSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new BootstrapError(`outputs do not match the outputs schema (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); nothing was written`, 'outputs');
  }
  return parsed.data;
}

/** Writes the outputs atomically (temp file + rename), so a reader never sees half a file. */
export function writeOutputs(configDir: string, envName: string, outputs: Outputs): string {
  const file = path.join(configDir, `${envName}.outputs.json`);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(outputs, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}

/**
 * Marks `config/<env>.outputs.json` as describing destroyed resources (`destroyedAt`), atomically, before a destroy
 * deletes anything: from then on `loadEnvironment` refuses it, so a later synth cannot put deleted OCIDs into
 * manifests without anyone noticing. Returns the file, or undefined when there is none (or it is unreadable: the
 * loader reports that file on its own).
 */
export function markOutputsDestroyed(configDir: string, envName: string, at: Date = new Date()): string | undefined {
  const file = path.join(configDir, `${envName}.outputs.json`);
  let current: unknown;
  try {
    current = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = outputsSchema.safeParse(current);
  if (!parsed.success) return undefined;
  if (parsed.data.destroyedAt !== undefined) return file;
  return writeOutputs(configDir, envName, { ...parsed.data, destroyedAt: at.toISOString() });
}

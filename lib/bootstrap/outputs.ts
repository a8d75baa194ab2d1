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

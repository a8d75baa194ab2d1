import { createHash, createPrivateKey, createPublicKey, KeyObject } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as common from 'oci-common';
import { BootstrapError } from './errors';

/** How the bootstrap authenticates to OCI. */
export type AuthOptions =
  | {
      kind: 'config-file';
      /** OCI config file. @default ~/.oci/config */
      file?: string;
      /** Profile in that file. @default DEFAULT */
      profile?: string;
    }
  | { kind: 'instance-principal' };

/** What `resolveAuth` found: the SDK provider plus the tenancy it authenticates to. */
export interface ResolvedAuth {
  provider: common.AuthenticationDetailsProvider;
  /** Tenancy OCID of the signing identity (config file `tenancy`; for instance principals, read from the provider). */
  tenancyId: string;
  /** Human-readable description for the log, e.g. `~/.oci/config [DEFAULT]`. Never contains key material. */
  describe: string;
}

/** MD5 of the DER SubjectPublicKeyInfo, colon-separated: OCI's API key fingerprint. */
export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return (createHash('md5').update(der).digest('hex').match(/../g) as string[]).join(':');
}

function expandHome(p: string): string {
  return p.startsWith('~') ? path.join(os.homedir(), p.slice(1)) : p;
}

/**
 * Reads an OCI config file profile and checks it before any call: the file and profile exist, the
 * required keys are set, the key file is readable and parses, and the key's fingerprint equals the
 * configured one (a mismatch would otherwise surface as an opaque 401 on the first call).
 */
export function configFileAuth(region: string, file?: string, profile?: string): ResolvedAuth {
  const configPath = path.resolve(expandHome(file ?? '~/.oci/config'));
  const profileName = profile ?? 'DEFAULT';
  const where = `OCI config ${configPath} [${profileName}]`;
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
    throw new BootstrapError(`OCI config file ${configPath} ${reason}; create it (oci setup config) or pass --oci-config FILE, or use --auth instance-principal`, 'config');
  }
  let parsed: ReturnType<typeof common.ConfigFileReader.parse>;
  try {
    const all = common.ConfigFileReader.parse(text, null);
    const known = [...all.accumulator.configurationsByProfile.keys()];
    if (!known.includes(profileName)) {
      throw new BootstrapError(`${where}: profile not found (profiles: ${known.join(', ') || 'none'}); pass --profile NAME`, 'config');
    }
    parsed = common.ConfigFileReader.parse(text, profileName);
  } catch (e) {
    if (e instanceof BootstrapError) throw e;
    throw new BootstrapError(`${where}: not a valid OCI config file (${(e as Error).message ?? String(e)})`, 'config');
  }
  const get = (key: string): string => {
    const v = parsed.get(key);
    if (!v) throw new BootstrapError(`${where}: missing "${key}"; add ${key}=... to the profile`, 'config');
    return v;
  };
  const tenancy = get('tenancy');
  const user = get('user');
  const fingerprint = get('fingerprint');
  const keyFile = path.resolve(path.dirname(configPath), expandHome(get('key_file')));
  const passphrase = parsed.get('pass_phrase');
  let pem: string;
  try {
    pem = fs.readFileSync(keyFile, 'utf8');
  } catch (e) {
    throw new BootstrapError(`${where}: key_file ${keyFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); fix key_file`, 'config');
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(createPrivateKey(passphrase ? { key: pem, passphrase } : { key: pem }));
  } catch {
    throw new BootstrapError(`${where}: key_file ${keyFile} is not a readable PEM private key (wrong pass_phrase?)`, 'config');
  }
  const actual = fingerprintOf(publicKey);
  if (actual.toLowerCase() !== fingerprint.toLowerCase()) {
    throw new BootstrapError(`${where}: the key in ${keyFile} has fingerprint ${actual} but the profile says fingerprint=${fingerprint}; point key_file at the key you uploaded or fix fingerprint`, 'auth');
  }
  const provider = new common.SimpleAuthenticationDetailsProvider(tenancy, user, fingerprint, pem, passphrase ?? null, common.Region.fromRegionId(region) ?? common.Region.register(region, common.Realm.OC1));
  return { provider, tenancyId: tenancy, describe: `${configPath} [${profileName}]` };
}

/** Instance principal (the bootstrap running on an OCI compute instance in a dynamic group). */
export async function instancePrincipalAuth(): Promise<ResolvedAuth> {
  try {
    const provider = await new common.InstancePrincipalsAuthenticationDetailsProviderBuilder().build();
    const claims = provider as unknown as { getTenancyId?: () => string };
    return { provider, tenancyId: claims.getTenancyId?.() ?? '', describe: 'instance principal' };
  } catch (e) {
    throw new BootstrapError(`instance principal authentication failed (${(e as Error).message ?? String(e)}); run on an OCI instance in a dynamic group, or use --oci-config`, 'auth');
  }
}

export async function resolveAuth(options: AuthOptions, region: string): Promise<ResolvedAuth> {
  return options.kind === 'config-file' ? configFileAuth(region, options.file, options.profile) : instancePrincipalAuth();
}

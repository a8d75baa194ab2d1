import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type * as kms from 'oci-keymanagement';
import { putCertificate, PutCertificateOptions, TLS_CERTIFICATE_ID } from '../../lib/bootstrap/put-certificate';
import { VAULT } from '../../lib/bootstrap/resources/vault';
import { tagsFor } from '../../lib/bootstrap/tags';
import { pemBlocks } from '../../lib/tls-bundle';
import { IssuedCertificate, TestCa, testCa } from '../tls-fixtures';
import { COMPARTMENT, FAST, Harness, sdkClients, startHarness, writes } from './harness';
import { main } from '../../lib/bootstrap/cli';

const ROOT = path.join(__dirname, '../..');

function npmBootstrap(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'bootstrap', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Lines of a PEM key body: none may appear in any output. */
const keyLines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'));

describe('put-certificate against the fake OCI API (real SDK clients)', () => {
  let h: Harness;
  let ca: TestCa;
  let first: IssuedCertificate;
  let renewed: IssuedCertificate;
  let vaultId = '';

  beforeAll(async () => {
    h = await startHarness();
    ca = testCa();
    first = ca.issue('first', ['app.example.com']);
    renewed = ca.issue('renewed', ['app.example.com', 'www.example.com'], 'rsa');
    // The vault and key the bootstrap's apply creates, made directly (the rest of the stack is not needed here).
    const c = sdkClients(h);
    const compartmentId = COMPARTMENT;
    let v = (await c.kmsVault.createVault({ createVaultDetails: { compartmentId, displayName: 'oke-vn-example', vaultType: 'DEFAULT' as kms.models.CreateVaultDetails.VaultType, freeformTags: tagsFor('dev', VAULT.vault) } })).vault;
    while (v.lifecycleState !== 'ACTIVE') v = (await c.kmsVault.getVault({ vaultId: v.id })).vault;
    const km = c.kmsManagement(v.managementEndpoint);
    let k = (await km.createKey({ createKeyDetails: { compartmentId, displayName: 'k', keyShape: { algorithm: 'AES' as kms.models.KeyShape.Algorithm, length: 32 }, freeformTags: tagsFor('dev', VAULT.key) } })).key;
    while (k.lifecycleState !== 'ENABLED') k = (await km.getKey({ keyId: k.id })).key;
    vaultId = v.id;
    h.editEnv((doc) => { doc.vault.id = vaultId; });
  });
  afterAll(async () => { ca.remove(); await h.stop(); });

  const opts = (cert: IssuedCertificate, over: Partial<PutCertificateOptions> = {}): PutCertificateOptions => ({
    envName: 'dev', configDir: h.configDir, certificateFile: cert.fullchainFile, privateKeyFile: cert.keyFile,
    auth: { kind: 'config-file', file: h.oci.configFile }, endpoint: h.fake.url, ...FAST, ...over,
  });
  const current = async () => {
    const b = (await sdkClients(h).secrets.getSecretBundleByName({ vaultId, secretName: 'oke-vn-example-tls' })).secretBundle;
    return { version: b.versionNumber, stages: b.stages, pem: Buffer.from((b.secretBundleContent as { content: string }).content, 'base64').toString('utf8') };
  };

  test('npm run bootstrap -- put-certificate creates the vault secret ESO reads, and prints nothing of the key', async () => {
    const r = await npmBootstrap(['put-certificate', '--env', 'dev', '--config-dir', h.configDir, '--cert', first.fullchainFile, '--key', first.keyFile,
      '--oci-config', h.oci.configFile, '--endpoint', h.fake.url, '--poll-interval', '5']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^certificate: CN=app\.example\.com; DNS:app\.example\.com; valid until .*; chain of 2; SHA-256 [0-9A-F:]{95}$/m);
    expect(r.out).toMatch(/^vault secret oke-vn-example-tls \(ocid1\.vaultsecret\.[^)]+\): version 1, created$/m);
    expect(r.out).toContain('kubectl -n app annotate externalsecret app-tls force-sync=$(date +%s) --overwrite');
    for (const line of keyLines(first.keyFile)) expect(r.out + r.err).not.toContain(line);
    // What ESO will read by name: the key (PKCS#8) and the chain, as the bundle format says.
    const got = await current();
    expect(got.version).toBe(1);
    expect(pemBlocks(got.pem, 'PRIVATE KEY')).toHaveLength(1);
    expect(pemBlocks(got.pem, 'CERTIFICATE').join('')).toBe(fs.readFileSync(first.fullchainFile, 'utf8'));
    const secret = h.fake.resources('secret').find((s) => s.model.secretName === 'oke-vn-example-tls');
    expect(secret?.freeformTags).toEqual(tagsFor('dev', TLS_CERTIFICATE_ID));
    // Nothing was written to disk beside the inputs.
    expect(fs.readdirSync(h.configDir).sort()).toEqual(['dev.yaml']);
  });

  test('the same certificate again changes nothing', async () => {
    const before = writes(h.fake).length;
    const r = await putCertificate(opts(first));
    expect(r.action).toBe('unchanged');
    expect(r.versionNumber).toBe(1);
    expect(writes(h.fake).length).toBe(before);
  });

  test('a renewal is a new version that becomes CURRENT; the old one stays as PREVIOUS', async () => {
    const r = await putCertificate(opts(renewed));
    expect(r).toMatchObject({ action: 'new-version', versionNumber: 2 });
    const got = await current();
    expect(got.version).toBe(2);
    expect(got.stages).toContain('CURRENT');
    expect(pemBlocks(got.pem, 'CERTIFICATE').join('')).toBe(fs.readFileSync(renewed.fullchainFile, 'utf8'));
    const previous = (await sdkClients(h).secrets.getSecretBundleByName({ vaultId, secretName: 'oke-vn-example-tls', stage: 'PREVIOUS' as never })).secretBundle;
    expect(previous.versionNumber).toBe(1);
    expect(h.fake.resources('secret').filter((s) => s.model.secretName === 'oke-vn-example-tls')).toHaveLength(1);
  });

  test('refused before any write: wrong key, placeholder vault, plain-HTTP environment', async () => {
    const before = writes(h.fake).length;
    await expect(putCertificate(opts(first, { privateKeyFile: renewed.keyFile }))).rejects.toThrow(/no certificate in it matches the private key/);
    h.editEnv((doc) => { doc.vault.id = 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaexampleexampleexampleexampleexampleexampleexample'; });
    await expect(putCertificate(opts(first))).rejects.toThrow(/vault\.id .* is the placeholder .* run `npm run bootstrap -- apply --env dev` first/s);
    h.editEnv((doc) => { doc.vault.id = vaultId; (doc.ingress as { tls?: unknown }).tls = { termination: 'none' }; });
    await expect(putCertificate(opts(first))).rejects.toThrow(/ingress\.tls\.termination is "none"/);
    h.editEnv((doc) => { doc.ingress.tls = { termination: 'traefik', vaultSecretName: 'oke-vn-example-tls', secretName: 'app-tls', redirectHttpToHttps: true }; });
    expect(writes(h.fake).length).toBe(before);
  });

  test('--workload: the certificate of a data web service, into its own vault secret', async () => {
    h.editEnv((doc) => {
      (doc as unknown as { workloads: unknown }).workloads = { webServices: [{
        name: 'orders', namespace: 'shop', image: { repository: 'fra.ocir.io/faketenancy/shop/orders', tag: '1.0.0' },
        ingress: { host: 'www.example.com', certificate: { vaultSecretName: 'shop-orders-tls' } },
      }] };
    });
    const r = await putCertificate(opts(renewed, { workload: 'orders' }));
    expect(r).toMatchObject({ action: 'created', secretName: 'shop-orders-tls', target: { host: 'www.example.com', namespace: 'shop', secretName: 'orders-tls' } });
    expect(h.fake.resources('secret').find((s) => s.model.secretName === 'shop-orders-tls')?.freeformTags).toEqual(tagsFor('dev', `${TLS_CERTIFICATE_ID}-orders`));
    // The host is the workload's: the first certificate (app.example.com only) does not cover it.
    await expect(putCertificate(opts(first, { workload: 'orders' }))).rejects.toThrow(/does not cover ingress\.host "www\.example\.com"/);
    await expect(putCertificate(opts(first, { workload: 'billing' }))).rejects.toThrow(/--workload billing: .* no such web service \(workloads\.webServices: orders\)/);
    h.editEnv((doc) => { delete (doc as unknown as { workloads?: unknown }).workloads; });
  });

  test('--vault-secret and --host: a certificate the environment file does not name (a TypeScript module\'s)', async () => {
    const r = await putCertificate(opts(renewed, { explicit: { vaultSecretName: 'shop-billing-tls', host: 'www.example.com' } }));
    expect(r).toMatchObject({ action: 'created', secretName: 'shop-billing-tls', target: { host: 'www.example.com' } });
    await expect(putCertificate(opts(renewed, { explicit: { vaultSecretName: 'shop billing', host: 'www.example.com' } }))).rejects.toThrow(/--vault-secret shop billing: a vault secret name is/);
  });

  test('usage: --cert and --key are required, and belong to put-certificate only', async () => {
    const missing = await npmBootstrap(['put-certificate', '--env', 'dev', '--cert', first.fullchainFile]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('put-certificate needs --cert FILE');
    const stray = await npmBootstrap(['plan', '--env', 'dev', '--key', first.keyFile]);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain('--cert, --key, --workload, --vault-secret and --host only go with put-certificate');
  });
});

describe('the READMEs\' put-certificate commands', () => {
  test('use only flags the command has, and name its required ones', async () => {
    let usage = '';
    const sink = { write: (t: string) => { usage += t; return true; } } as unknown as NodeJS.WriteStream;
    expect(await main(['--help'], sink, sink)).toBe(0);
    const readmes = [path.join(ROOT, 'README.md'), path.join(ROOT, 'lib', 'bootstrap', 'README.md')].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    // A command may continue on the next line after a trailing backslash.
    const commands = readmes.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => /bootstrap -- put-certificate /.test(l)).map((l) => l.slice(l.indexOf('put-certificate')));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const command of commands) {
      const flags = [...command.matchAll(/ (--[a-z-]+)/g)].map((m) => m[1] as string);
      expect({ command, unknown: flags.filter((f) => !usage.includes(`${f} `)) }).toEqual({ command, unknown: [] });
      expect({ command, cert: flags.includes('--cert'), key: flags.includes('--key'), env: flags.includes('--env') }).toEqual({ command, cert: true, key: true, env: true });
    }
  });
});

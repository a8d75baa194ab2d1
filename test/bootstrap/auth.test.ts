import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { generateApiKeyPair } from '../../lib/fake-oci';
import { configFileAuth } from '../../lib/bootstrap/auth';
import { Harness, startHarness, writes } from './harness';

/** Authentication and authorisation failures: each a clear message, and nothing written. */
describe('bootstrap authentication and authorisation errors', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(() => h.stop());

  test('a tampered signature gets a clear authentication error', async () => {
    // A proxy that flips one character of every request signature on its way to the fake.
    const proxy = http.createServer((req, res) => {
      const headers = { ...req.headers };
      headers.authorization = String(headers.authorization).replace(/signature="(.)/, (_m, c: string) => `signature="${c === 'A' ? 'B' : 'A'}`);
      const target = new URL(h.fake.url);
      const fwd = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(fwd);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await expect(h.run('apply', { endpoint: url })).rejects.toThrow(/authentication failed \(401 NotAuthenticated: .*\)\. Check that the API key in your OCI config matches a key uploaded for the user/);
      expect(writes(h.fake)).toEqual([]);
      expect(h.fake.requests().every((r) => r.status === 401)).toBe(true);
    } finally {
      proxy.close();
    }
  });

  test('a key the user never uploaded (fingerprint matches the file, not OCI) gets a clear authentication error', async () => {
    const other = generateApiKeyPair();
    fs.writeFileSync(h.oci.keyFile, other.privateKeyPem);
    fs.writeFileSync(h.oci.configFile, fs.readFileSync(h.oci.configFile, 'utf8').replace(/fingerprint=.*/, `fingerprint=${other.fingerprint}`));
    await expect(h.run('plan')).rejects.toThrow(/ListRegionSubscriptions of tenancy .*: authentication failed \(401 NotAuthenticated/);
    expect(writes(h.fake)).toEqual([]);
  });

  test('a key that does not match the configured fingerprint is refused before any call', async () => {
    fs.writeFileSync(h.oci.keyFile, generateApiKeyPair().privateKeyPem);
    await expect(h.run('apply')).rejects.toThrow(/has fingerprint [0-9a-f:]{47} but the profile says fingerprint=[0-9a-f:]{47}; point key_file at the key you uploaded or fix fingerprint/);
    expect(h.fake.requests()).toEqual([]);
  });

  test('a missing or unreadable OCI config, a missing profile and a missing key file are named with the fix', async () => {
    await expect(h.run('plan', { auth: { kind: 'config-file', file: path.join(h.dir, 'nope') } })).rejects.toThrow(/OCI config file .*nope does not exist; create it \(oci setup config\) or pass --oci-config FILE/);
    fs.chmodSync(h.oci.configFile, 0o000);
    const unreadable = process.getuid?.() === 0 ? null : h.run('plan');
    if (unreadable) await expect(unreadable).rejects.toThrow(/cannot be read \(EACCES\)/);
    fs.chmodSync(h.oci.configFile, 0o600);
    await expect(h.run('plan', { auth: { kind: 'config-file', file: h.oci.configFile, profile: 'PROD' } })).rejects.toThrow(/\[PROD\]: profile not found \(profiles: DEFAULT\); pass --profile NAME/);
    fs.unlinkSync(h.oci.keyFile);
    expect(() => configFileAuth('eu-frankfurt-1', h.oci.configFile)).toThrow(/key_file .*oci_api_key\.pem cannot be read \(ENOENT\); fix key_file/);
    expect(h.fake.requests()).toEqual([]);
  });

  test('a compartment that does not exist (or is not visible) is "not authorized or not found", naming it', async () => {
    h.editEnv((doc) => { doc.oci.compartmentId = 'ocid1.compartment.oc1..aaaaaaaanosuchcompartment0000000000000000000000'; });
    await expect(h.run('apply')).rejects.toThrow(/compartment ocid1\.compartment\.oc1\.\.aaaaaaaanosuchcompartment\S* \(oci\.compartmentId\): not authorized or not found \(404 NotAuthorizedOrNotFound\)\. Either a policy granting your user access is missing or the compartment\/resource does not exist/);
    expect(writes(h.fake)).toEqual([]);
  });

  test('a missing policy (404 on a read) names the resource and stops without retrying', async () => {
    h.fake.injectFault({ op: 'ListVaults', status: 404, code: 'NotAuthorizedOrNotFound' });
    const result = await h.run('apply');
    expect(result.ok).toBe(false);
    expect(result.results.find((r) => r.id === 'vault')?.detail?.[0]).toMatch(/^vault "oke-vn-example" \(vault\): not authorized or not found .* a policy granting your user access is missing/);
    expect(h.fake.requests().filter((r) => r.op === 'ListVaults').length).toBe(1);
  });

  test('an environment of another tenancy than the OCI profile is refused before any call', async () => {
    h.editEnv((doc) => { doc.oci.tenancyId = 'ocid1.tenancy.oc1..aaaaaaaaothertenancy00000000000000000000000000000'; });
    await expect(h.run('plan')).rejects.toThrow(/oci\.tenancyId \(got "ocid1\.tenancy\.oc1\.\.aaaaaaaaothertenancy\S*"\) is not the tenancy of .*config \[DEFAULT\] \(ocid1\.tenancy\.oc1\.\.aaaaaaaatesttenancy\S*\); use a profile of that tenancy/);
    expect(h.fake.requests()).toEqual([]);
  });

  test('placeholder OCIDs of config/example.yaml are refused before any call', async () => {
    h.editEnv((doc) => { doc.oci.tenancyId = 'ocid1.tenancy.oc1..aaaaaaaaexampleexampleexampleexampleexampleexampleexample'; });
    await expect(h.run('plan')).rejects.toThrow(/oci\.tenancyId \(got "ocid1\.tenancy\.oc1\.\.aaaaaaaaexample\S*"\) is the documented placeholder of config\/example\.yaml; set the real OCID of your tenancy/);
    expect(h.fake.requests()).toEqual([]);
  });
});

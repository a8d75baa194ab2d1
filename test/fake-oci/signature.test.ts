import { createHash, createSign } from 'node:crypto';
import { request } from 'node:http';
import * as common from 'oci-common';
import * as core from 'oci-core';
import { generateApiKeyPair } from '../../lib/fake-oci';
import { errorOf, type Harness, silenceSdkWarnings, startHarness, testClientConfig, USER_ID } from './support';

/** A raw signed request, so a test can tamper with exactly one part. */
interface RawCall {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Change something after signing. */
  tamper?: (headers: Record<string, string>) => void;
  date?: Date;
}

function signedCall(h: Harness, privateKeyPem: string, keyId: string, call: RawCall): Promise<{ status: number; body: string }> {
  const url = new URL(h.fake.url);
  const body = call.body ?? '';
  const headers: Record<string, string> = {
    host: url.host,
    'x-date': (call.date ?? new Date()).toUTCString(),
  };
  const signed = ['x-date', '(request-target)', 'host'];
  if (call.method === 'POST') {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
    headers['x-content-sha256'] = createHash('sha256').update(body).digest('base64');
    signed.push('content-type', 'content-length', 'x-content-sha256');
  }
  const lines = signed.map((n) => (n === '(request-target)' ? `${n}: ${call.method.toLowerCase()} ${call.path}` : `${n}: ${headers[n]}`));
  const signature = createSign('RSA-SHA256').update(lines.join('\n')).sign(privateKeyPem, 'base64');
  headers.authorization = `Signature version="1",keyId="${keyId}",algorithm="rsa-sha256",headers="${signed.join(' ')}",signature="${signature}"`;
  call.tamper?.(headers);
  return new Promise((resolve, reject) => {
    const req = request(`${h.fake.url}${call.path}`, { method: call.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('request signature verification', () => {
  let h: Harness;
  const pair = generateApiKeyPair();
  let keyId: string;
  beforeAll(async () => {
    h = await startHarness();
    keyId = `${h.tenancyId}/${USER_ID}/${pair.fingerprint}`;
    h.fake.registerKey(keyId, pair.publicKeyPem);
    silenceSdkWarnings();
  });
  afterAll(() => h.fake.stop());

  const listPath = () => `/iaas/20160918/vcns?compartmentId=${h.tenancyId}`;
  const createBody = () => JSON.stringify({ compartmentId: h.tenancyId, cidrBlocks: ['10.1.0.0/16'] });

  it('accepts a correctly signed raw GET and POST', async () => {
    const get = await signedCall(h, pair.privateKeyPem, keyId, { method: 'GET', path: listPath() });
    expect(get.status).toBe(200);
    const post = await signedCall(h, pair.privateKeyPem, keyId, { method: 'POST', path: '/iaas/20160918/vcns', body: createBody() });
    expect(post.status).toBe(200);
    expect(JSON.parse(post.body)).toMatchObject({ cidrBlocks: ['10.1.0.0/16'], compartmentId: h.tenancyId });
  });

  it('rejects a tampered signature with 401 NotAuthenticated', async () => {
    const res = await signedCall(h, pair.privateKeyPem, keyId, {
      method: 'GET', path: listPath(),
      tamper: (headers) => { headers.authorization = headers.authorization!.replace(/signature="(.)/, (_m, c: string) => `signature="${c === 'A' ? 'B' : 'A'}`); },
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'NotAuthenticated' });
  });

  it('rejects a request whose path was changed after signing', async () => {
    const res = await signedCall(h, pair.privateKeyPem, keyId, {
      method: 'GET', path: listPath(), tamper: (headers) => { headers['x-date'] = new Date(Date.now() + 1000).toUTCString(); },
    });
    expect(res.status).toBe(401);
  });

  it('rejects an unknown key with 401 NotAuthenticated (real SDK client)', async () => {
    const stranger = generateApiKeyPair();
    const auth = new common.SimpleAuthenticationDetailsProvider(h.tenancyId, USER_ID, stranger.fingerprint, stranger.privateKeyPem, null, common.Region.EU_FRANKFURT_1);
    const vn = new core.VirtualNetworkClient({ authenticationDetailsProvider: auth }, testClientConfig());
    vn.endpoint = `${h.fake.url}/iaas`;
    const err = await errorOf(vn.listVcns({ compartmentId: h.tenancyId }));
    expect(err).toMatchObject({ statusCode: 401, serviceCode: 'NotAuthenticated' });
    expect(err.message).toContain('unknown keyId');
  });

  it('rejects a clock skew above 5 minutes and accepts one below', async () => {
    const late = await signedCall(h, pair.privateKeyPem, keyId, { method: 'GET', path: listPath(), date: new Date(Date.now() - 6 * 60_000) });
    expect(late.status).toBe(401);
    expect(JSON.parse(late.body).message).toContain('300 s');
    const early = await signedCall(h, pair.privateKeyPem, keyId, { method: 'GET', path: listPath(), date: new Date(Date.now() + 6 * 60_000) });
    expect(early.status).toBe(401);
    const slightly = await signedCall(h, pair.privateKeyPem, keyId, { method: 'GET', path: listPath(), date: new Date(Date.now() - 4 * 60_000) });
    expect(slightly.status).toBe(200);
  });

  it('rejects a body whose hash does not match x-content-sha256 (and creates nothing)', async () => {
    const before = h.fake.resources('vcn').length;
    const res = await signedCall(h, pair.privateKeyPem, keyId, {
      method: 'POST', path: '/iaas/20160918/vcns', body: createBody(),
      tamper: (headers) => { headers['x-content-sha256'] = createHash('sha256').update('other').digest('base64'); },
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).message).toContain('x-content-sha256');
    expect(h.fake.resources('vcn')).toHaveLength(before);
  });

  it('rejects a POST that does not sign the body headers', async () => {
    const res = await signedCall(h, pair.privateKeyPem, keyId, {
      method: 'POST', path: '/iaas/20160918/vcns', body: createBody(),
      tamper: (headers) => { headers.authorization = headers.authorization!.replace(' content-type content-length x-content-sha256', ''); },
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).message).toContain('is not signed');
  });

  it('rejects a missing Authorization header', async () => {
    const res = await signedCall(h, pair.privateKeyPem, keyId, { method: 'GET', path: listPath(), tamper: (headers) => { delete headers.authorization; } });
    expect(res.status).toBe(401);
    expect(h.fake.requests().filter((r) => r.status === 401).every((r) => r.keyId === undefined)).toBe(true);
  });

  it('verifies SDK requests whose query carries spaces (URL-decoded by the fake)', async () => {
    await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.2.0.0/16'], displayName: 'my spaced vcn' } });
    const { items } = await h.clients.vn.listVcns({ compartmentId: h.tenancyId, displayName: 'my spaced vcn' });
    expect(items.map((v) => v.displayName)).toEqual(['my spaced vcn']);
  });
});

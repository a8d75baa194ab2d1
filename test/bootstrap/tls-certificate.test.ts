import * as fs from 'fs';
import * as tls from 'tls';
import { AddressInfo } from 'net';
import { buildTlsBundle, TlsBundleInput } from '../../lib/bootstrap/tls-certificate';
import { pemBlocks, TLS_BUNDLE } from '../../lib/tls-bundle';
import { IssuedCertificate, TestCa, testCa, traditionalKey } from '../tls-fixtures';

const HOST = 'app.example.com';

describe('buildTlsBundle', () => {
  let ca: TestCa;
  let cert: IssuedCertificate;
  let other: IssuedCertificate;
  beforeAll(() => {
    ca = testCa();
    cert = ca.issue('app', [HOST, 'www.example.com'], 'rsa');
    other = ca.issue('other', ['other.example.com']);
  });
  afterAll(() => ca.remove());

  const input = (over: Partial<TlsBundleInput> = {}): TlsBundleInput => ({
    certificatePem: fs.readFileSync(cert.fullchainFile, 'utf8'), privateKeyPem: fs.readFileSync(cert.keyFile, 'utf8'),
    certificateFile: 'fullchain.pem', privateKeyFile: 'privkey.pem', host: HOST, now: new Date(), ...over,
  });

  /** Serves the bundle as Traefik would after ESO's template: tls.crt = every CERTIFICATE block, tls.key = the PRIVATE KEY block. */
  async function handshake(content: string, servername: string): Promise<{ authorized: boolean; error?: string; fingerprint: string }> {
    const key = pemBlocks(content, TLS_BUNDLE.keyPemType).join('');
    const chain = pemBlocks(content, TLS_BUNDLE.certificatePemType).join('');
    const server = tls.createServer({ key, cert: chain }, (s) => s.end());
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    try {
      return await new Promise((res, rej) => {
        const socket = tls.connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername, ca: ca.rootPem, rejectUnauthorized: false }, () => {
          res({ authorized: socket.authorized, error: socket.authorizationError?.message, fingerprint: socket.getPeerCertificate().fingerprint256 });
          socket.end();
        });
        socket.on('error', rej);
      });
    } finally {
      server.close();
    }
  }

  test('key as PKCS#8, then the chain leaf first: a client trusting the root accepts it for the host', async () => {
    const b = buildTlsBundle(input());
    expect(b.content.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(pemBlocks(b.content, 'PRIVATE KEY')).toHaveLength(1);
    expect(pemBlocks(b.content, 'CERTIFICATE')).toHaveLength(2);
    expect(b.summary).toMatchObject({ subjectAltName: `DNS:${HOST}, DNS:www.example.com`, chainLength: 2 });
    const seen = await handshake(b.content, HOST);
    expect(seen).toEqual({ authorized: true, error: undefined, fingerprint: b.summary.fingerprint256 });
  });

  test('the summary says nothing of the key', () => {
    const b = buildTlsBundle(input());
    const keyBody = fs.readFileSync(cert.keyFile, 'utf8').split('\n')[1] as string;
    expect(JSON.stringify(b.summary)).not.toContain(keyBody);
    expect(JSON.stringify(b.summary)).not.toMatch(/PRIVATE KEY/);
  });

  test('a traditional (PKCS#1) key and a chain listed intermediate first are normalised', async () => {
    const reversed = fs.readFileSync(cert.fullchainFile, 'utf8').split(/(?<=-----END CERTIFICATE-----\n)/).reverse().join('');
    const b = buildTlsBundle(input({ certificatePem: reversed, privateKeyPem: fs.readFileSync(traditionalKey(cert.keyFile), 'utf8') }));
    expect(b.content.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect((await handshake(b.content, HOST)).authorized).toBe(true);
  });

  test('refuses what a client would refuse, naming the file and the fix', () => {
    const otherKey = fs.readFileSync(other.keyFile, 'utf8');
    expect(() => buildTlsBundle(input({ privateKeyPem: otherKey }))).toThrow(/fullchain\.pem: no certificate in it matches the private key in privkey\.pem/);
    expect(() => buildTlsBundle(input({ host: 'shop.example.com' }))).toThrow(/does not cover ingress\.host "shop\.example\.com"/);
    expect(() => buildTlsBundle(input({ now: new Date(Date.now() + 400 * 86_400_000) }))).toThrow(/expired on .*; renew it/);
    expect(() => buildTlsBundle(input({ now: new Date(Date.now() - 86_400_000) }))).toThrow(/valid only from/);
    expect(() => buildTlsBundle(input({ certificatePem: fs.readFileSync(cert.certFile, 'utf8') + fs.readFileSync(other.certFile, 'utf8') }))).toThrow(/did not issue the one before it/);
    expect(() => buildTlsBundle(input({ certificatePem: 'nothing here' }))).toThrow(/no "-----BEGIN CERTIFICATE-----" block/);
    expect(() => buildTlsBundle(input({ privateKeyPem: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n' }))).toThrow(/encrypted/);
    expect(() => buildTlsBundle(input({ privateKeyPem: 'garbage' }))).toThrow(/privkey\.pem: no readable private key/);
  });

  test('no error message carries key material', () => {
    const key = fs.readFileSync(cert.keyFile, 'utf8');
    const broken = key.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    const messages: string[] = [];
    for (const over of [{ privateKeyPem: broken }, { host: 'x.example.org' }, { certificatePem: 'x' }]) {
      try { buildTlsBundle(input(over)); } catch (e) { messages.push((e as Error).message); }
    }
    expect(messages).toHaveLength(3);
    for (const line of key.split('\n').filter((l) => l.length > 20)) for (const m of messages) expect(m).not.toContain(line);
  });
});

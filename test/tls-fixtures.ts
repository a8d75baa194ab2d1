/**
 * Test certificates made at test time with the openssl CLI (never committed): a root CA, an intermediate and
 * leaves signed by it, as a public CA hands them out.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface IssuedCertificate {
  /** Leaf then intermediate, PEM (what a CA calls fullchain.pem). */
  readonly fullchainFile: string;
  /** The leaf alone. */
  readonly certFile: string;
  /** PKCS#8 private key, PEM. */
  readonly keyFile: string;
}

export interface TestCa {
  readonly dir: string;
  /** The root certificate, PEM: what a client trusts. */
  readonly rootPem: string;
  /** A leaf for these DNS names, signed by the intermediate. */
  issue(name: string, dnsNames: readonly string[], keyType?: 'rsa' | 'ec'): IssuedCertificate;
  remove(): void;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const keyArgs = (type: 'rsa' | 'ec') => (type === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);

/** A root CA and an intermediate in a fresh temporary directory. */
export function testCa(): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-ca-'));
  fs.writeFileSync(path.join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  openssl(['req', '-x509', ...keyArgs('ec'), '-nodes', '-keyout', 'root.key', '-out', 'root.crt', '-days', '30', '-subj', '/CN=oke-vn test root',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', ...keyArgs('ec'), '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=oke-vn test intermediate'], dir);
  openssl(['x509', '-req', '-in', 'int.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'int.crt', '-days', '30', '-extfile', 'ca.ext'], dir);
  return {
    dir,
    rootPem: fs.readFileSync(path.join(dir, 'root.crt'), 'utf8'),
    issue(name, dnsNames, keyType = 'ec') {
      fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${dnsNames.map((d) => `DNS:${d}`).join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
      openssl(['req', ...keyArgs(keyType), '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${dnsNames[0] ?? name}`], dir);
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'int.crt', '-CAkey', 'int.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '10', '-extfile', `${name}.ext`], dir);
      const fullchain = path.join(dir, `${name}.fullchain.pem`);
      fs.writeFileSync(fullchain, fs.readFileSync(path.join(dir, `${name}.crt`), 'utf8') + fs.readFileSync(path.join(dir, 'int.crt'), 'utf8'));
      return { fullchainFile: fullchain, certFile: path.join(dir, `${name}.crt`), keyFile: path.join(dir, `${name}.key`) };
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Re-encodes a PEM key file in the traditional form (PKCS#1 RSA / SEC1 EC) many tools still write. */
export function traditionalKey(keyFile: string): string {
  const out = `${keyFile}.traditional.pem`;
  execFileSync('openssl', ['pkey', '-in', keyFile, '-traditional', '-out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

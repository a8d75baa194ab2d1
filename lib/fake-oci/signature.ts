import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { notAuthenticated, OciApiError } from './errors';

/** Public keys by OCI keyId (`<tenancy>/<user>/<fingerprint>`). */
export class KeyRegistry {
  private readonly keys = new Map<string, KeyObject>();

  register(keyId: string, publicKeyPem: string): void {
    if (!keyId) throw new Error('registerKey: keyId must be "<tenancyOcid>/<userOcid>/<fingerprint>", got an empty string');
    let key: KeyObject;
    try {
      key = createPublicKey(publicKeyPem);
    } catch (err) {
      throw new Error(`registerKey: publicKeyPem for keyId "${keyId}" is not a PEM public key (${(err as Error).message})`);
    }
    this.keys.set(keyId, key);
  }

  get(keyId: string): KeyObject | undefined {
    return this.keys.get(keyId);
  }

  keyIds(): string[] {
    return [...this.keys.keys()];
  }
}

export interface SignedRequest {
  method: string;
  /** Raw request target exactly as received (`req.url`): the SDK signs this string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Verifies an OCI request signature (draft-cavage-http-signatures-08 as profiled by OCI, docs/oci-sdk.md §5).
 * Returns the keyId on success; throws 401 NotAuthenticated with the reason otherwise.
 */
export function verifyRequestSignature(
  request: SignedRequest,
  keys: KeyRegistry,
  clockSkewSeconds: number,
  realNow: number = Date.now(),
): string {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) throw notAuthenticated('missing Authorization header');
  if (!authorization.startsWith('Signature ')) throw notAuthenticated('Authorization is not a Signature');
  const params = new Map<string, string>();
  for (const m of authorization.matchAll(/(\w+)="([^"]*)"/g)) params.set(m[1]!, m[2]!);
  const keyId = params.get('keyId');
  const signature = params.get('signature');
  const algorithm = params.get('algorithm');
  if (!keyId || !signature) throw notAuthenticated('Authorization lacks keyId or signature');
  if (algorithm && algorithm.toLowerCase() !== 'rsa-sha256') throw notAuthenticated(`unsupported algorithm ${algorithm}`);
  const signedHeaders = (params.get('headers') ?? 'date').split(' ').filter(Boolean).map((h) => h.toLowerCase());

  const required = ['(request-target)', 'host'];
  if (BODY_METHODS.has(request.method)) required.push('content-type', 'content-length', 'x-content-sha256');
  for (const name of required) {
    if (!signedHeaders.includes(name)) throw notAuthenticated(`header "${name}" is not signed`);
  }
  const dateHeader = signedHeaders.includes('x-date') ? 'x-date' : signedHeaders.includes('date') ? 'date' : undefined;
  if (!dateHeader) throw notAuthenticated('neither x-date nor date is signed');
  const sentAt = Date.parse(header(request.headers, dateHeader) ?? '');
  if (Number.isNaN(sentAt)) throw notAuthenticated(`${dateHeader} header is missing or not a date`);
  if (Math.abs(realNow - sentAt) > clockSkewSeconds * 1000) {
    throw notAuthenticated(`${dateHeader} is more than ${clockSkewSeconds} s away from the server clock`);
  }

  if (BODY_METHODS.has(request.method)) {
    const sha = createHash('sha256').update(request.body).digest('base64');
    if (header(request.headers, 'x-content-sha256') !== sha) throw notAuthenticated('x-content-sha256 does not match the body');
    if (header(request.headers, 'content-length') !== String(request.body.length)) {
      throw notAuthenticated('content-length does not match the body');
    }
  }

  const lines = signedHeaders.map((name) => {
    if (name === '(request-target)') return `(request-target): ${request.method.toLowerCase()} ${request.url}`;
    const value = header(request.headers, name);
    if (value === undefined) throw notAuthenticated(`signed header "${name}" is absent`);
    return `${name}: ${value}`;
  });
  const publicKey = keys.get(keyId);
  if (!publicKey) throw notAuthenticated(`unknown keyId ${keyId}`);
  let ok: boolean;
  try {
    ok = verify('sha256', Buffer.from(lines.join('\n')), publicKey, Buffer.from(signature, 'base64'));
  } catch (err) {
    throw new OciApiError(401, 'NotAuthenticated', `Signature could not be checked (${(err as Error).message}).`);
  }
  if (!ok) throw notAuthenticated('signature does not verify');
  return keyId;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { OciApiError } from './errors';
import type { FaultDecision } from './faults';
import type { RequestLogEntry } from './request-log';
import { type HandlerResult, Query, type RouteTable } from './router';
import type { StoredResponse } from './retry-tokens';
import { verifyRequestSignature } from './signature';
import type { FakeOci } from './fake';

/** Where a request goes: the service prefix, the path inside it and (KMS management) the vault. */
interface Target {
  service: string;
  path: string;
  vaultId?: string;
}

/** `/kms/<vaultId>/management/…` is a vault's management endpoint (docs/oci-sdk.md §3); others are `/<svc>/…`. */
export function targetOf(path: string): Target {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] === 'kms' && segments[1]?.startsWith('ocid1.vault.') && segments[2] === 'management') {
    return { service: 'kms-management', vaultId: decodeURIComponent(segments[1]), path: `/${segments.slice(3).join('/')}` };
  }
  return { service: segments[0] ?? '', path: `/${segments.slice(1).join('/')}` };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function serialize(result: HandlerResult, opcRequestId: string): StoredResponse {
  const headers: Record<string, string> = { 'opc-request-id': opcRequestId, ...(result.headers ?? {}) };
  let body = '';
  if (result.json !== undefined) {
    body = JSON.stringify(result.json);
    headers['content-type'] = 'application/json';
  } else if (result.text !== undefined) {
    body = result.text;
    headers['content-type'] = 'text/plain; charset=utf-8';
  }
  const status = result.status ?? (body === '' ? 204 : 200);
  return { status, headers, body };
}

function errorResponse(err: OciApiError, opcRequestId: string): StoredResponse {
  return {
    status: err.status,
    headers: { 'opc-request-id': opcRequestId, 'content-type': 'application/json' },
    body: JSON.stringify({ code: err.code, message: err.message }),
  };
}

function send(res: ServerResponse, response: StoredResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

/** The API pipeline: signature → route → fault → retry token → handler → log. */
export async function handleApiRequest(fake: FakeOci, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const rawUrl = req.url ?? '/';
  const method = (req.method ?? 'GET').toUpperCase();
  const q = rawUrl.indexOf('?');
  const pathPart = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const target = targetOf(pathPart);
  const table: RouteTable | undefined = fake.routeTables.get(target.service);
  const match = table?.match(method, target.path);
  const clientRequestId = req.headers['opc-request-id'];
  const opcRequestId = typeof clientRequestId === 'string' && clientRequestId ? clientRequestId : fake.log.nextRequestId();
  const retryTokenHeader = req.headers['opc-retry-token'];
  const retryToken = typeof retryTokenHeader === 'string' && retryTokenHeader ? retryTokenHeader : undefined;
  const entry: Omit<RequestLogEntry, 'seq'> = {
    time: new Date().toISOString(), method, service: target.service, op: match?.route.op ?? 'Unknown', path: rawUrl,
    status: 0, opcRequestId, write: method !== 'GET' && method !== 'HEAD' && match?.route.readOnly !== true,
    ...(retryToken ? { retryToken } : {}),
  };
  let fault: FaultDecision | undefined;
  const finish = (response: StoredResponse | 'drop'): void => {
    if (response === 'drop') {
      entry.dropped = true;
      req.socket.destroy();
    } else {
      entry.status = response.status;
      if (response.status >= 400) {
        try {
          entry.errorCode = (JSON.parse(response.body) as { code?: string }).code ?? '';
        } catch {
          entry.errorCode = '';
        }
      }
      send(res, response);
    }
    if (fault) entry.faultId = fault.faultId;
    fake.log.add(entry);
  };

  try {
    entry.keyId = verifyRequestSignature({ method, url: rawUrl, headers: req.headers, body }, fake.keys, fake.options.clockSkewSeconds);
    if (!match) throw new OciApiError(404, 'NotAuthorizedOrNotFound', `No operation ${method} ${pathPart} on this fake.`);
    fault = fake.faults.decide({ op: match.route.op, service: target.service, method });
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop === 'before') return finish('drop');
    if (fault?.error) throw new OciApiError(fault.error.status, fault.error.code, fault.error.message);
    if (retryToken && method !== 'GET') {
      const replay = fake.retryTokens.lookup(retryToken, method, pathPart, body, fake.clock.now());
      if (replay) {
        entry.replayed = true;
        return finish(fault?.drop === 'after-commit' ? 'drop' : { ...replay, headers: { ...replay.headers, 'opc-request-id': opcRequestId } });
      }
    }
    let parsed: unknown;
    if (body.length > 0) {
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new OciApiError(400, 'CannotParseRequest', 'The request body is not valid JSON.');
      }
    }
    const result = fake.clock.instant(() => match.route.handler({
      core: fake, params: match.params, query: new Query(q < 0 ? '' : rawUrl.slice(q + 1)), body: parsed, headers: req.headers,
      ...(target.vaultId ? { vaultId: target.vaultId } : {}),
    }));
    const response = serialize(result, opcRequestId);
    if (retryToken && method !== 'GET' && response.status < 300) {
      fake.retryTokens.remember(retryToken, method, pathPart, body, response, fake.clock.now());
    }
    return finish(fault?.drop === 'after-commit' ? 'drop' : response);
  } catch (err) {
    const apiError = err instanceof OciApiError
      ? err
      : new OciApiError(500, 'InternalServerError', `Fake OCI internal error: ${(err as Error).message}`);
    return finish(errorResponse(apiError, opcRequestId));
  }
}

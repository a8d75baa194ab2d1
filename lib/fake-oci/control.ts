import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeOci } from './fake';
import type { FaultSpec } from './faults';
import { RESOURCE_KINDS, type ResourceKind } from './lifecycle';

/**
 * Unsigned control API for tests and humans, under `/_fake/`:
 *   GET    /_fake/info                      region, home region, tenancy, clock
 *   GET    /_fake/resources[?kind=vcn]      live resources
 *   POST   /_fake/resources/{id}/state      {lifecycleState} force a state (e.g. FAILED)
 *   GET    /_fake/requests                  request log;  DELETE clears it
 *   GET    /_fake/faults                    active faults; POST adds one (FaultSpec); DELETE clears;
 *   DELETE /_fake/faults/{id}               removes one
 *   POST   /_fake/keys                      {keyId, publicKeyPem} register a signing key
 *   POST   /_fake/reset                     forget state, tokens, faults, log (keys stay)
 *   GET    /_fake/clock; POST /_fake/clock  {advanceMs?, speed?, frozen?}
 */
export async function handleControlRequest(fake: FakeOci, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://fake');
  const parts = url.pathname.split('/').filter(Boolean).slice(1);
  const reply = (status: number, payload?: unknown): void => {
    const text = payload === undefined ? '' : JSON.stringify(payload, null, 2);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  try {
    const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as unknown) : {};
    const route = `${method} ${parts[0] ?? ''}`;
    switch (route) {
      case 'GET info':
        return reply(200, info(fake));
      case 'GET resources': {
        if (parts[1]) {
          const r = fake.store.find(decodeURIComponent(parts[1]));
          return r ? reply(200, fake.describe(r)) : reply(404, { code: 'NotFound', message: `no resource ${parts[1]}` });
        }
        const kind = url.searchParams.get('kind') ?? undefined;
        if (kind !== undefined && !RESOURCE_KINDS.includes(kind as ResourceKind)) {
          return reply(400, { code: 'InvalidParameter', message: `kind "${kind}" is not one of ${RESOURCE_KINDS.join(', ')}` });
        }
        return reply(200, fake.resources(kind as ResourceKind | undefined));
      }
      case 'POST resources': {
        const state = field(input, 'lifecycleState');
        if (!parts[1] || parts[2] !== 'state' || typeof state !== 'string') {
          return reply(400, { code: 'InvalidParameter', message: 'use POST /_fake/resources/{id}/state with {"lifecycleState":"FAILED"}' });
        }
        return reply(200, fake.setLifecycleState(decodeURIComponent(parts[1]), state));
      }
      case 'GET requests':
        return reply(200, fake.requests());
      case 'DELETE requests':
        fake.clearRequests();
        return reply(204);
      case 'GET faults':
        return reply(200, fake.listFaults());
      case 'POST faults':
        return reply(201, fake.injectFault(input as FaultSpec));
      case 'DELETE faults':
        if (parts[1]) return fake.faults.remove(parts[1]) ? reply(204) : reply(404, { code: 'NotFound', message: `no fault ${parts[1]}` });
        fake.clearFaults();
        return reply(204);
      case 'POST keys': {
        const keyId = field(input, 'keyId');
        const pem = field(input, 'publicKeyPem');
        if (typeof keyId !== 'string' || typeof pem !== 'string') {
          return reply(400, { code: 'InvalidParameter', message: 'body must be {"keyId": "<tenancy>/<user>/<fingerprint>", "publicKeyPem": "-----BEGIN PUBLIC KEY-----…"}' });
        }
        fake.registerKey(keyId, pem);
        return reply(201, { keyId });
      }
      case 'POST reset':
        fake.reset();
        return reply(204);
      case 'GET clock':
        return reply(200, clockInfo(fake));
      case 'POST clock': {
        const speed = field(input, 'speed');
        const advanceMs = field(input, 'advanceMs');
        const frozen = field(input, 'frozen');
        if (typeof speed === 'number') fake.setSpeed(speed);
        if (typeof advanceMs === 'number') fake.advanceClock(advanceMs);
        if (frozen === true) fake.clock.freeze();
        if (frozen === false) fake.clock.resume();
        return reply(200, clockInfo(fake));
      }
      default:
        return reply(404, { code: 'NotFound', message: `no control operation ${method} ${url.pathname}; see lib/fake-oci/README.md` });
    }
  } catch (err) {
    return reply(400, { code: 'InvalidParameter', message: (err as Error).message });
  }
}

function field(input: unknown, name: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined;
}

function clockInfo(fake: FakeOci): { now: string; speed: number; frozen: boolean } {
  return { now: fake.clock.date().toISOString(), speed: fake.clock.speed, frozen: fake.clock.frozen };
}

function info(fake: FakeOci): Record<string, unknown> {
  const o = fake.options;
  return {
    url: fake.url, region: o.region, homeRegion: o.homeRegion, tenancyId: o.tenancyId, tenancyName: o.tenancyName,
    services: [...fake.routeTables.keys()], clock: clockInfo(fake), keyIds: fake.keys.keyIds(),
  };
}

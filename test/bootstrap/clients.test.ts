import * as common from 'oci-common';
import { generateApiKeyPair } from '../../lib/fake-oci';
import { captureSdkWarnings, clientConfiguration, createClients } from '../../lib/bootstrap/clients';
import { explain } from '../../lib/bootstrap/errors';

const pair = generateApiKeyPair();
const provider = new common.SimpleAuthenticationDetailsProvider('ocid1.tenancy.oc1..aaaa', 'ocid1.user.oc1..aaaa', pair.fingerprint, pair.privateKeyPem, null, common.Region.EU_FRANKFURT_1);

describe('SDK clients', () => {
  test('every client gets the fake endpoint with its service prefix, and the KMS management client the vault endpoint', () => {
    const c = createClients({ provider, region: 'eu-frankfurt-1', endpoint: 'http://127.0.0.1:9/' });
    expect(c.network.endpoint).toBe('http://127.0.0.1:9/iaas/20160918');
    expect(c.identity.endpoint).toBe('http://127.0.0.1:9/identity/20160918');
    expect(c.identityHome('us-ashburn-1').endpoint).toBe('http://127.0.0.1:9/identity/20160918');
    expect(c.containerEngine.endpoint).toBe('http://127.0.0.1:9/containerengine/20180222');
    expect(c.dbSystem.endpoint).toBe('http://127.0.0.1:9/mysql/20190415');
    expect(c.kmsVault.endpoint).toBe('http://127.0.0.1:9/kms');
    expect(c.vaults.endpoint).toBe('http://127.0.0.1:9/vaults/20180608');
    expect(c.secrets.endpoint).toBe('http://127.0.0.1:9/secrets/20190301');
    expect(c.artifacts.endpoint).toBe('http://127.0.0.1:9/artifacts/20160918');
    expect(c.kmsManagement('http://127.0.0.1:9/kms/v1/management').endpoint).toBe('http://127.0.0.1:9/kms/v1/management');
  });

  test('without an endpoint the clients target the real regional endpoints (home region for IAM writes)', () => {
    const c = createClients({ provider, region: 'eu-frankfurt-1' });
    expect(c.network.endpoint).toMatch(/^https:\/\/iaas\.eu-frankfurt-1\..*oraclecloud\.com\/20160918$/);
    expect(c.identityHome('us-ashburn-1').endpoint).toMatch(/^https:\/\/identity\.us-ashburn-1\..*oraclecloud\.com\/20160918$/);
  });

  test('the client configuration carries an explicit bounded retry and a circuit breaker', () => {
    const cfg = clientConfiguration({});
    // Six attempts in all: the strategy stops after the fifth retry (F2 counts them on the wire).
    const stop = cfg.retryConfiguration!.terminationStrategy!;
    expect(stop.shouldTerminate({ attemptCount: 4, startTime: new Date() })).toBe(false);
    expect(stop.shouldTerminate({ attemptCount: 5, startTime: new Date() })).toBe(true);
    const delays = [0, 1, 2, 3, 10].map((n) => cfg.retryConfiguration!.delayStrategy!.delay({ attemptCount: n, startTime: new Date() }));
    delays.forEach((d, i) => expect(d).toBeGreaterThanOrEqual(Math.min(2 ** [0, 1, 2, 3, 10][i], 30)));
    expect(delays[4]).toBeLessThanOrEqual(31);
    expect(cfg.circuitBreaker?.noCircuit).toBeFalsy();
    expect(clientConfiguration({ circuitBreaker: { enabled: false } }).circuitBreaker?.noCircuit).toBe(true);
  });

  test('an open circuit breaker and a refused connection become clear messages', () => {
    expect(explain({ code: 'EOPENBREAKER', message: 'Breaker is open' }, 'vcn "x" (vcn)').message).toMatch(/circuit breaker is open .*wait ~30 s and re-run/);
    expect(explain({ message: 'fetch failed' }, 'vcn "x" (vcn)').message).toMatch(/could not reach OCI \(network error: fetch failed\); check the network or --endpoint/);
  });

  test('the SDK retrier\'s console.warn lines are captured, other warnings pass through', () => {
    const seen: string[] = [];
    const original = console.warn;
    const passed: unknown[] = [];
    console.warn = (...a: unknown[]) => { passed.push(a.join(' ')); };
    const restore = captureSdkWarnings((l) => seen.push(l));
    console.warn('Request failed with Exception : x\nRetrying request -> Total Attempts : 1');
    console.warn('something else');
    restore();
    console.warn = original;
    expect(seen).toEqual(['Request failed with Exception : x']);
    expect(passed).toEqual(['something else']);
  });
});

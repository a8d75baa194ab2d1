import * as common from 'oci-common';
import * as ce from 'oci-containerengine';
import * as core from 'oci-core';
import { FakeClock } from '../../lib/fake-oci/clock';
import { reschedule, stateAt } from '../../lib/fake-oci/lifecycle';
import { type Harness, silenceSdkWarnings, startHarness } from './support';

describe('lifecycle timeline', () => {
  it('derives the state at a time from the phases and reschedules pending ones', () => {
    const phases = [{ state: 'CREATING', at: 0 }, { state: 'ACTIVE', at: 100 }];
    expect([stateAt(phases, 0), stateAt(phases, 99), stateAt(phases, 100)]).toEqual(['CREATING', 'CREATING', 'ACTIVE']);
    reschedule(phases, 50, [{ state: 'FAILED', at: 50 }]);
    expect(phases.map((p) => p.state)).toEqual(['CREATING', 'FAILED']);
    expect(stateAt(phases, 1000)).toBe('FAILED');
  });

  it('scales durations by the speed, advances, freezes and resumes', () => {
    let real = 1_000;
    const clock = new FakeClock(1000, () => real);
    expect(clock.scaled(7 * 60_000)).toBe(420);
    real += 10;
    expect(clock.now()).toBe(1_010);
    clock.freeze();
    real += 500;
    expect(clock.now()).toBe(1_010);
    clock.advance(90);
    expect(clock.now()).toBe(1_100);
    clock.resume();
    real += 5;
    expect(clock.now()).toBe(1_105);
    expect(() => new FakeClock(0)).toThrow(/speed must be a finite number > 0/);
    expect(() => clock.advance(-1)).toThrow(/advance/);
  });

  it('evaluates a request at one instant: a state read twice cannot cross a transition in between', () => {
    // Real time moves 1 ms per read, as it may between a handler's list and its per-item check.
    let real = 0;
    const clock = new FakeClock(1, () => real++);
    const phases = [{ state: 'TERMINATED', at: 0 }, { state: '__GONE__', at: 1 }];
    const twoReads = () => [stateAt(phases, clock.now()), stateAt(phases, clock.now())];
    expect(twoReads()).toEqual(['TERMINATED', '__GONE__']);
    real = 0;
    expect(clock.instant(twoReads)).toEqual(['TERMINATED', 'TERMINATED']);
    // Time kept running underneath: no drift once the instant is over, and advances made inside still count.
    real = 100;
    expect(clock.now()).toBe(100);
    clock.instant(() => clock.advance(50));
    real = 200;
    expect(clock.now()).toBe(250);
    expect(clock.frozen).toBe(false);
    // Inside a frozen clock, an instant changes nothing.
    clock.freeze();
    clock.instant(() => undefined);
    expect(clock.frozen).toBe(true);
  });
});

describe('fast clock with real SDK waiters', () => {
  let h: Harness;
  beforeAll(async () => {
    // 6000x: a 7-minute cluster create takes 70 ms of real time.
    h = await startHarness({ speed: 6000 });
    silenceSdkWarnings();
  });
  afterAll(() => h.fake.stop());

  const waiterConfig: common.WaiterConfiguration = {
    terminationStrategy: new common.MaxTimeTerminationStrategy(10),
    delayStrategy: new common.FixedTimeDelayStrategy(0.02),
  };

  it('reaches AVAILABLE / ACTIVE / SUCCEEDED in real time through the SDK waiters', async () => {
    const vnWaiters = h.clients.vn.createWaiters(h.clients.iaasWorkRequests, waiterConfig);
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } });
    const available = await vnWaiters.forVcn({ vcnId: vcn.id }, core.models.Vcn.LifecycleState.Available);
    expect(available?.vcn.lifecycleState).toBe('AVAILABLE');
    const { subnet } = await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.0.0/24' } });
    await vnWaiters.forSubnet({ subnetId: subnet.id }, core.models.Subnet.LifecycleState.Available);

    const { clusterOptions } = await h.clients.ce.getClusterOptions({ clusterOptionId: 'all' });
    const created = await h.clients.ce.createCluster({ createClusterDetails: {
      name: 'fast', compartmentId: h.tenancyId, vcnId: vcn.id, kubernetesVersion: clusterOptions.kubernetesVersions![0]!,
      endpointConfig: { subnetId: subnet.id },
    } });
    const ceWaiters = h.clients.ce.createWaiters(waiterConfig);
    const wr = await ceWaiters.forWorkRequest({ workRequestId: created.opcWorkRequestId });
    expect(wr.workRequest.status).toBe('SUCCEEDED');
    const clusterId = wr.workRequest.resources!.find((r) => r.actionType === 'CREATED')!.identifier!;
    const active = await ceWaiters.forCluster({ clusterId }, ce.models.ClusterLifecycleState.Active);
    expect(active?.cluster.lifecycleState).toBe('ACTIVE');
    // The waiter had to poll: the cluster was not ready at once.
    const statuses = h.fake.requests().filter((r) => r.op === 'GetWorkRequest').length;
    expect(statuses).toBeGreaterThan(1);
  });
});

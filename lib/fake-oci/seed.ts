import type { FakeCore } from './core';

/** Initial state: the compartments named in the options, ACTIVE from the start. */
export function seedState(core: FakeCore): void {
  const now = core.clock.now();
  for (const c of core.options.compartments) {
    const id = c.id ?? core.ids.global('compartment');
    core.store.put('compartment', {
      id, compartmentId: core.options.tenancyId, phases: [{ state: 'ACTIVE', at: now }],
      body: {
        id, compartmentId: core.options.tenancyId, name: c.name, description: c.name, timeCreated: new Date(now),
        isAccessible: true, freeformTags: {}, definedTags: {},
      },
    });
  }
}

/** Availability domain names of the region, e.g. `Uocm:EU-FRANKFURT-1-AD-1`. */
export function availabilityDomainNames(core: FakeCore): string[] {
  const region = core.options.region.toUpperCase();
  return Array.from({ length: core.options.availabilityDomains }, (_, i) => `Uocm:${region}-AD-${i + 1}`);
}

const FAULT_DOMAINS = ['FAULT-DOMAIN-1', 'FAULT-DOMAIN-2', 'FAULT-DOMAIN-3'];

/** Fault domains of each AD (`faultDomains` option, default all three). */
export function faultDomainNames(core: FakeCore): string[] {
  return FAULT_DOMAINS.slice(0, core.options.faultDomains);
}

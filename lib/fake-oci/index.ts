/** Public in-process API of the fake OCI API (see README.md). */
export { FakeOci, startFakeOci, type FakeResource, type FakeSnapshot } from './fake';
export type { FakeOciOptions } from './options';
export type { FaultSpec, ActiveFault } from './faults';
export type { RequestLogEntry } from './request-log';
export type { WrittenConfig, ApiKeyPair } from './keys';
export { generateApiKeyPair } from './keys';
export type { ResourceKind } from './lifecycle';

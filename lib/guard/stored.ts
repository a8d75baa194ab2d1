/**
 * Whether a field written in a manifest survives into the object the API server stores and serves.
 *
 * The guard judges objects as the API server will store them, because that stored object is all a virtual node
 * (or any controller) ever sees. Two things make a written field vanish or equal its absence:
 *
 * - **omitempty on a non-pointer Go field** (k8s.io/api core/v1 `types.go`): the API server decodes the manifest
 *   into the Go struct, where `false`, `""`, `0`, an empty list or map are the zero value, and encodes it back
 *   without the field. `hostNetwork: false` is stored exactly like a pod without `hostNetwork`.
 *   A **pointer** field (`*bool`: `privileged`, `shareProcessNamespace`, `setHostnameAsFQDN`) keeps an explicit
 *   `false`: the stored object carries it, so the node sees it.
 * - **defaulting** (kubernetes `pkg/apis/core/v1/defaults.go`): a value equal to what the API server fills in
 *   when the field is absent (`terminationGracePeriodSeconds: 30`) is stored exactly like the absent field.
 *
 * `null` is absence for every field. A field not listed here is taken as present whenever it is not null.
 */
import { isRecord } from './util';

/** How one field is stored. */
interface Storage {
  /** A non-pointer field with omitempty: this (zero) value is dropped. */
  readonly zero?: boolean | string | number;
  /** A list or map with omitempty: empty is dropped. */
  readonly emptyDropped?: true;
  /** The value the API server defaults the field to when absent. */
  readonly defaultsTo?: string | number | boolean;
}

/** Objects of the core/v1 API whose fields the rules look at, by Go type. */
export type StoredType = 'PodSpec' | 'Container' | 'PodSecurityContext' | 'SecurityContext' | 'ContainerPort' | 'VolumeMount' | 'ServiceAccountTokenProjection' | 'EmptyDirVolumeSource' | 'Volume';

/**
 * Sources (Kubernetes v1.34): k8s.io/api/core/v1/types.go for the Go types and json tags;
 * pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_ServiceAccountTokenProjection)
 * for the defaults.
 */
const FIELDS: Readonly<Record<StoredType, Readonly<Record<string, Storage>>>> = {
  PodSpec: {
    hostNetwork: { zero: false }, // bool `json:"hostNetwork,omitempty"`
    hostPID: { zero: false },
    hostIPC: { zero: false },
    hostname: { zero: '' }, // string omitempty
    subdomain: { zero: '' },
    overhead: { emptyDropped: true }, // ResourceList omitempty
    initContainers: { emptyDropped: true },
    ephemeralContainers: { emptyDropped: true },
    volumes: { emptyDropped: true },
    terminationGracePeriodSeconds: { defaultsTo: 30 }, // *int64, SetDefaults_PodSpec: DefaultTerminationGracePeriodSeconds
    // setHostnameAsFQDN, shareProcessNamespace (*bool) and os (*PodOS): an explicit value is stored.
  },
  Container: {
    stdin: { zero: false },
    stdinOnce: { zero: false },
    tty: { zero: false },
    terminationMessagePath: { zero: '', defaultsTo: '/dev/termination-log' }, // SetDefaults_Container
    terminationMessagePolicy: { zero: '', defaultsTo: 'File' },
    volumeDevices: { emptyDropped: true },
    ports: { emptyDropped: true },
  },
  PodSecurityContext: {
    supplementalGroups: { emptyDropped: true }, // []int64 omitempty
    sysctls: { emptyDropped: true },
    // fsGroup, fsGroupChangePolicy, seLinuxOptions, seccompProfile, ...: pointers, stored as written.
  },
  SecurityContext: {
    // privileged, procMount, allowPrivilegeEscalation, ...: pointers, stored as written.
  },
  ContainerPort: {
    hostPort: { zero: 0 }, // int32 omitempty
    hostIP: { zero: '' },
  },
  VolumeMount: {
    subPathExpr: { zero: '' }, // string omitempty; mountPropagation is a pointer
    subPath: { zero: '' },
  },
  ServiceAccountTokenProjection: {
    expirationSeconds: { defaultsTo: 3600 }, // *int64, SetDefaults_ServiceAccountTokenProjection: one hour
  },
  EmptyDirVolumeSource: {
    medium: { zero: '' },
    // sizeLimit: *resource.Quantity, stored as written.
  },
  Volume: {},
};

/**
 * True when `holder[field]`, as written, makes the stored object differ from one without the field: it is not
 * null, not a dropped zero value or empty collection, and not the server default.
 */
export function setInStoredObject(holder: Record<string, unknown>, field: string, type: StoredType): boolean {
  if (!Object.prototype.hasOwnProperty.call(holder, field)) return false;
  const value = holder[field];
  if (value === undefined || value === null) return false;
  const storage = FIELDS[type][field];
  if (storage === undefined) return true;
  if (storage.zero !== undefined && value === storage.zero) return false;
  if (storage.defaultsTo !== undefined && value === storage.defaultsTo) return false;
  if (storage.emptyDropped === true && ((Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0))) return false;
  return true;
}

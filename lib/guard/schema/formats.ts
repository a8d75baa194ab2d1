/**
 * The string formats the guard validates: the ones the API server checks, plus Kubernetes' own
 * `duration` (Go syntax, not ISO 8601). One module, so compiled validators cached on disk
 * (ajv standalone code) can `require` the very same definitions.
 */
import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';

/** Go `time.ParseDuration` syntax, which Kubernetes uses for the `duration` format. */
const GO_DURATION = /^[-+]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|ms|s|m|h))+$|^0$/;

const FROM_AJV_FORMATS = ['date-time', 'date', 'byte', 'int32', 'int64', 'float', 'double', 'ipv4', 'ipv6', 'uuid', 'email', 'hostname', 'password', 'binary'] as const;

export const FORMATS: Readonly<Record<string, Format>> = {
  ...Object.fromEntries(FROM_AJV_FORMATS.map((name) => [name, fullFormats[name]])),
  duration: GO_DURATION,
  datetime: { validate: (s: string) => !Number.isNaN(Date.parse(s)) },
  uri: { validate: (s: string) => /^\S+$/.test(s) },
};

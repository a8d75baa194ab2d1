import type { ErrorObject } from 'ajv';
import { sharedRegistry, withoutNulls } from '../../lib/guard/schema/validator';

/**
 * Raw schema errors (`instancePath message` each) of one Argo CD / ESO object against its vendored CRD,
 * through the guard's own validators (strict: unknown fields rejected). Throws if no CRD serves it.
 */
export function crdErrors(obj: { apiVersion: string; kind: string }): string[] {
  const found = sharedRegistry().lookup(obj.apiVersion, obj.kind);
  if (found.status !== 'known') throw new Error(`no served CRD version for ${obj.apiVersion} ${obj.kind} in crds/`);
  const validate = found.validate();
  if (validate(withoutNulls(obj))) return [];
  return ((validate.errors ?? []) as ErrorObject[]).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

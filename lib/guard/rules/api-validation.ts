/**
 * Checks the API server makes that the OpenAPI schema does not express (apimachinery validation): object names,
 * label and annotation syntax, container and port names. A manifest failing them is rejected at apply time, so,
 * like schema errors, they cannot be opted out of.
 */
import { containersOf, podTemplateOf } from '../pods';
import type { Finding, KubeObject, Rule } from '../types';
import { rec, recs, str } from '../util';
import { finding } from './helpers';

const SOURCE = 'Kubernetes apimachinery validation (IsDNS1123Subdomain, IsDNS1123Label, IsDNS1035Label, IsValidPathSegmentName, IsQualifiedName, IsValidLabelValue, IsValidPortName)';
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Total size limit of metadata.annotations (apimachinery TotalAnnotationSizeLimitB). */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * How the API server validates `metadata.name`, per group/kind, where it is not a DNS-1123 subdomain (the rule for
 * every other built-in kind and for custom resources):
 * - RBAC roles and bindings: `ValidateRBACName` = `path.IsValidPathSegmentName` (kubernetes pkg/apis/rbac/validation),
 *   so `system:metrics-server` is valid;
 * - APIService: a path segment name that must equal `<spec.version>.<spec.group>` (kube-aggregator validation);
 * - Namespace: a DNS-1123 label (`ValidateNamespaceName`); Service: a DNS-1035 label (`ValidateServiceName`), which
 *   must start with a letter.
 */
type NameRule = 'path-segment' | 'api-service' | 'dns1123-label' | 'dns1035-label';
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  'rbac.authorization.k8s.io/ClusterRole': 'path-segment',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'path-segment',
  'rbac.authorization.k8s.io/Role': 'path-segment',
  'rbac.authorization.k8s.io/RoleBinding': 'path-segment',
  'apiregistration.k8s.io/APIService': 'api-service',
  '/Namespace': 'dns1123-label',
  '/Service': 'dns1035-label',
};

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** apimachinery `path.IsValidPathSegmentName`: not "." or "..", and no "/" or "%" (the name becomes a URL path segment). */
export function pathSegmentNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be "${name}"`;
  const bad = ['/', '%'].filter((c) => name.includes(c));
  return bad.length === 0 ? undefined : `may not contain ${bad.map((c) => `"${c}"`).join(' or ')}`;
}

/** The problem with an object's name, or undefined when the API server accepts it. */
function objectNameProblem(obj: KubeObject, name: string): { problem: string; fix: string } | undefined {
  const apiVersion = String(obj.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  switch (NAME_RULES[`${group}/${obj.kind}`]) {
    case 'path-segment': {
      const p = pathSegmentNameProblem(name);
      return p === undefined ? undefined : { problem: `"${name}" ${p} (RBAC names are path segments)`, fix: 'drop "/" and "%" from the name' };
    }
    case 'api-service': {
      const spec = rec(obj.spec);
      const want = `${String(spec.version)}.${String(spec.group)}`;
      const p = pathSegmentNameProblem(name);
      if (p !== undefined) return { problem: `"${name}" ${p}`, fix: `name it "${want}"` };
      return name === want ? undefined : { problem: `"${name}" is not spec.version + "." + spec.group`, fix: `name it "${want}"` };
    }
    case 'dns1123-label':
      return isDns1123Label(name) ? undefined : { problem: `"${name}" is not a valid DNS-1123 label`, fix: 'use lowercase letters, digits and "-", at most 63 characters' };
    case 'dns1035-label':
      return isDns1035Label(name) ? undefined : { problem: `"${name}" is not a valid DNS-1035 label`, fix: 'start with a lowercase letter, then lowercase letters, digits and "-", at most 63 characters' };
    default:
      return isDns1123Subdomain(name) ? undefined : { problem: `"${name}" is not a valid DNS-1123 subdomain`, fix: 'use lowercase letters, digits and "-" (and "."), at most 253 characters' };
  }
}

/** Label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63 characters. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? [parts[0] as string, parts[1] as string] : [undefined, parts[0] as string];
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return `prefix "${prefix}" is not a lowercase DNS subdomain`;
  if (name.length === 0 || name.length > 63) return `name part is ${name.length} characters (1-63 allowed)`;
  if (!QUALIFIED_NAME_PART.test(name)) return 'name part must start and end with a letter or digit and hold only letters, digits, "-", "_" and "."';
  return undefined;
}

function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `is ${value.length} characters (at most 63)`;
  return QUALIFIED_NAME_PART.test(value) ? undefined : 'must start and end with a letter or digit and hold only letters, digits, "-", "_" and "."';
}

/** Label maps of an object: its own, and those of its pod template. */
function labelMaps(obj: KubeObject): { path: string; labels: Record<string, unknown> }[] {
  const out = [{ path: 'metadata.labels', labels: rec(rec(obj.metadata).labels) }];
  const pod = podTemplateOf(obj);
  if (pod !== undefined && pod.specPath !== 'spec') {
    const templatePath = pod.specPath.replace(/\.spec$/, '');
    let node: unknown = obj;
    for (const key of templatePath.split('.')) node = rec(node)[key];
    out.push({ path: `${templatePath}.metadata.labels`, labels: rec(rec(rec(node).metadata).labels) });
  }
  return out;
}

export const apiValidationRules: readonly Rule[] = [
  {
    id: 'api-object-name', category: 'schema', source: SOURCE,
    description: 'metadata.name is what the API server accepts for the kind: a DNS-1123 subdomain, a DNS-1123 label for Namespaces, a DNS-1035 label for Services, a path segment name for RBAC roles and bindings (`system:metrics-server` is valid), `<version>.<group>` for APIServices.',
    check: (obj) => {
      const name = str(rec(obj.metadata).name);
      if (name === undefined) {
        return rec(obj.metadata).generateName === undefined ? [finding('metadata.name', 'is missing; the API server needs a name', 'set metadata.name')] : [];
      }
      const p = objectNameProblem(obj, name);
      return p === undefined ? [] : [finding('metadata.name', p.problem, p.fix)];
    },
  },
  {
    id: 'api-labels-annotations', category: 'schema', source: SOURCE,
    description: 'Label keys and values and annotation keys have valid syntax; annotations total at most 256 KiB.',
    check: (obj) => {
      const out: Finding[] = [];
      for (const { path, labels } of labelMaps(obj)) {
        for (const [k, v] of Object.entries(labels)) {
          const keyProblem = qualifiedNameProblem(k);
          if (keyProblem !== undefined) out.push(finding(`${path}[${JSON.stringify(k)}]`, `label key ${keyProblem}`, 'use [prefix/]name with a DNS-subdomain prefix and a name of 1-63 characters'));
          // Non-string values are schema errors already.
          const valueProblem = typeof v === 'string' ? labelValueProblem(v) : undefined;
          if (valueProblem !== undefined) out.push(finding(`${path}[${JSON.stringify(k)}]`, `label value ${valueProblem}`, 'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit'));
        }
      }
      const annotations = rec(rec(obj.metadata).annotations);
      let size = 0;
      for (const [k, v] of Object.entries(annotations)) {
        size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
        const keyProblem = qualifiedNameProblem(k);
        if (keyProblem !== undefined) out.push(finding(`metadata.annotations[${JSON.stringify(k)}]`, `annotation key ${keyProblem}`, 'use [prefix/]name with a DNS-subdomain prefix and a name of 1-63 characters'));
      }
      if (size > ANNOTATIONS_MAX_BYTES) out.push(finding('metadata.annotations', `total ${size} bytes, above the 262144-byte limit`, 'move large content into a ConfigMap (or apply server-side for CRDs)'));
      return out;
    },
  },
  {
    id: 'api-container-names', category: 'schema', source: SOURCE,
    description: 'Container names are unique DNS-1123 labels; port names are IANA service names (≤ 15 characters, a letter included) and unique per container.',
    check: (obj) => {
      const pod = podTemplateOf(obj);
      if (pod === undefined) return [];
      const out: Finding[] = [];
      const names = new Set<string>();
      for (const c of containersOf(pod, ['initContainers', 'containers', 'ephemeralContainers'])) {
        const name = str(c.container.name);
        if (name !== undefined && !isDns1123Label(name)) out.push(finding(`${c.path}.name`, `"${name}" is not a valid container name (DNS-1123 label)`, 'use lowercase letters, digits and "-", at most 63 characters'));
        if (name !== undefined && names.has(name)) out.push(finding(`${c.path}.name`, `container name "${name}" is used twice in the pod`, 'give each container its own name'));
        if (name !== undefined) names.add(name);
        const portNames = new Set<string>();
        recs(c.container.ports).forEach((p, i) => {
          const pn = str(p.name);
          if (pn === undefined) return;
          if (pn.length > 15 || !PORT_NAME.test(pn) || !/[a-z]/.test(pn) || pn.includes('--')) {
            out.push(finding(`${c.path}.ports[${i}].name`, `"${pn}" is not a valid port name`, 'use at most 15 lowercase letters, digits and single "-", with at least one letter'));
          }
          if (portNames.has(pn)) out.push(finding(`${c.path}.ports[${i}].name`, `port name "${pn}" is used twice in container "${c.name}"`, 'give each port its own name'));
          portNames.add(pn);
        });
      }
      return out;
    },
  },
];

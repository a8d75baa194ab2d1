/**
 * Strict schema validation: core kinds against Kubernetes v1.34, custom resources against their CRDs.
 */
import { guardObjects } from '../../lib/guard/engine';
import { convertCrdSchema } from '../../lib/guard/schema/convert';
import type { KubeObject, Violation } from '../../lib/guard/types';
import { C0, POD, find, goodSet, put, web } from './fixtures';

function schemaViolations(set: KubeObject[], options = {}): Violation[] {
  return guardObjects(set, options).violations.filter((v) => v.ruleId === 'schema');
}

function schemaPaths(edit: (s: KubeObject[]) => void): string[] {
  const set = goodSet();
  edit(set);
  return schemaViolations(set).map((v) => `${v.object.kind} ${v.object.name} ${v.path}`);
}

describe('core kinds (Kubernetes v1.34, strict)', () => {
  it('rejects unknown fields at any depth, as kubeconform -strict does', () => {
    expect(schemaPaths((s) => put(web(s), `${C0}.securityContext.readOnlyRootFileSystem`, true)))
      .toEqual([`Deployment web ${C0}.securityContext.readOnlyRootFileSystem`]);
    expect(schemaPaths((s) => put(web(s), 'spec.replica', 2))).toEqual(['Deployment web spec.replica']);
  });

  it('checks types, required fields and int32 ranges', () => {
    expect(schemaPaths((s) => put(web(s), 'spec.revisionHistoryLimit', 'ten'))).toEqual(['Deployment web spec.revisionHistoryLimit']);
    expect(schemaPaths((s) => put(web(s), `${C0}.ports[0]`, { name: 'http' }))).toEqual([`Deployment web ${C0}.ports[0].containerPort`]);
    expect(schemaPaths((s) => put(web(s), `${C0}.ports[0].containerPort`, 2 ** 31))).toEqual([`Deployment web ${C0}.ports[0].containerPort`]);
    expect(schemaPaths((s) => put(web(s), `${POD}.containers[1]`, { image: 'x:1' }))).toContain(`Deployment web ${POD}.containers[1].name`);
  });

  it('accepts IntOrString as either form and rejects other types', () => {
    expect(schemaPaths((s) => put(web(s), `${C0}.livenessProbe.httpGet.port`, 8080))).toEqual([]);
    const v = schemaViolations((() => { const s = goodSet(); put(web(s), `${C0}.livenessProbe.httpGet.port`, true); return s; })());
    expect(v.map((x) => x.path)).toEqual([`${C0}.livenessProbe.httpGet.port`]);
    expect(v[0]?.message).toContain('string');
    expect(v[0]?.message).toContain('integer');
  });

  it('checks quantities as the API server parses them', () => {
    expect(schemaPaths((s) => put(web(s), `${C0}.resources.limits.memory`, '1GB'))).toEqual([`Deployment web ${C0}.resources.limits.memory`]);
    expect(schemaPaths((s) => { put(web(s), `${C0}.resources.limits.memory`, '1e9'); put(web(s), `${C0}.resources.requests.memory`, 1e9); })).toEqual([]);
  });

  it('checks formats (date-time, byte) and never prints the offending value', () => {
    const set = goodSet();
    set.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'shop' }, data: { password: 'hunter2!!not-base64' } });
    const v = schemaViolations(set);
    expect(v.map((x) => x.path)).toEqual(['data.password']);
    expect(v[0]?.message).toContain('byte');
    expect(JSON.stringify(v)).not.toContain('hunter2');
    expect(schemaPaths((s) => put(web(s), 'metadata.creationTimestamp', 'yesterday'))).toEqual(['Deployment web metadata.creationTimestamp']);
  });

  it('names the served apiVersion when a kind is used with a wrong one', () => {
    const set = goodSet();
    web(set).apiVersion = 'extensions/v1beta1';
    const v = schemaViolations(set);
    expect(v).toHaveLength(1);
    expect(v[0]?.fix).toContain('apps/v1');
  });
});

describe('custom resources (vendored ESO and Argo CD CRDs)', () => {
  it('checks enums, unknown fields and required fields', () => {
    expect(schemaPaths((s) => put(find(s, 'ExternalSecret'), 'spec.target.creationPolicy', 'Always'))).toEqual(['ExternalSecret web-db spec.target.creationPolicy']);
    expect(schemaPaths((s) => put(find(s, 'ExternalSecret'), 'spec.data[0].remoteRef.keyy', 'x'))).toEqual(['ExternalSecret web-db spec.data[0].remoteRef.keyy']);
    expect(schemaPaths((s) => put(find(s, 'ExternalSecret'), 'spec.data[0]', { remoteRef: { key: 'k' } }))).toEqual(['ExternalSecret web-db spec.data[0].secretKey']);
    expect(schemaPaths((s) => put(find(s, 'Application'), 'spec.destination.namespacee', 'x'))).toEqual(['Application shop spec.destination.namespacee']);
  });

  it('checks the root metadata as ObjectMeta', () => {
    expect(schemaPaths((s) => put(find(s, 'SecretStore'), 'metadata.label', { a: 'b' }))).toEqual(['SecretStore oci-vault metadata.label']);
  });

  it('keeps x-kubernetes-preserve-unknown-fields objects open', () => {
    expect(schemaPaths((s) => put(find(s, 'Application'), 'spec.source.helm.valuesObject', { anything: { goes: [1, 2] } }))).toEqual([]);
  });

  it('rejects versions the CRD does not serve', () => {
    const set = goodSet();
    find(set, 'ExternalSecret').apiVersion = 'external-secrets.io/v1beta1';
    const v = schemaViolations(set);
    expect(v.map((x) => x.path)).toEqual(['apiVersion']);
    expect(v[0]?.fix).toContain('external-secrets.io/v1');
  });

  it('reports a kind without any schema as an input problem, not a violation', () => {
    const report = guardObjects([{ apiVersion: 'traefik.io/v1alpha1', kind: 'IngressRoute', metadata: { name: 'r' } }]);
    expect(report.violations.filter((v) => v.ruleId === 'schema')).toEqual([]);
    expect(report.inputProblems).toHaveLength(1);
    expect(report.inputProblems[0]?.message).toContain('IngressRoute');
    expect(report.inputProblems[0]?.message).toContain('--crd');
  });

  it('uses CRDs passed in options or present in the input, with int-or-string, nullable and embedded resources', () => {
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' },
        versions: [{
          name: 'v1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: {
            size: { 'x-kubernetes-int-or-string': true },
            note: { type: 'string', nullable: true },
            count: { type: 'integer', minimum: 0, exclusiveMinimum: true },
            template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
          } } } } },
        }],
      },
    };
    const widget = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'x' }, spec });
    const ok = widget({ size: '10%', note: null, count: 1, template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } } });
    expect(guardObjects([crd, ok]).violations).toEqual([]);
    expect(guardObjects([ok], { crds: [crd] }).violations).toEqual([]);
    const bad = widget({ size: 1.5, count: 0, template: { data: {} }, extra: true });
    const paths = guardObjects([bad], { crds: [crd] }).violations.filter((v) => v.ruleId === 'schema').map((v) => v.path).sort();
    expect(paths).toEqual(['spec.count', 'spec.extra', 'spec.size', 'spec.template.apiVersion', 'spec.template.kind']);
  });
});

describe('convertCrdSchema', () => {
  it('closes objects with properties but leaves logical branches open', () => {
    const schema = convertCrdSchema({
      type: 'object',
      properties: { a: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } } } },
      anyOf: [{ required: ['a'] }, { properties: { a: { properties: { x: { type: 'string' } } } } }],
    }, 'm');
    expect(schema.additionalProperties).toBe(false);
    expect((schema.properties as { a: { additionalProperties: unknown } }).a.additionalProperties).toBe(false);
    expect(schema.anyOf).toEqual([{ required: ['a'] }, { properties: { a: { properties: { x: { type: 'string' } } } } }]);
  });
});

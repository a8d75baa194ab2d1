import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import * as yaml from 'js-yaml';
import { SCHEMA_FILE, environmentJsonSchema, environmentSchemaText } from '../../scripts/environment-schema';
import { CONFIG_DIR } from '../helpers';

type Json = Record<string, unknown>;

const FIRST_LINE = '# yaml-language-server: $schema=./environment.schema.json';
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Json;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const configFiles = fs.readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.yaml')).sort();
const example = fs.readFileSync(path.join(CONFIG_DIR, 'example.yaml'), 'utf8');

/** Every property path of the schema: `a.b`, `a.list[].c`. */
function schemaPaths(node: Json, at = ''): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
    const p = at === '' ? key : `${at}.${key}`;
    out.push(p, ...schemaPaths(child, p));
  }
  if (node.items !== undefined) out.push(...schemaPaths(node.items as Json, `${at}[]`));
  return out;
}

/** Every key path present in a parsed document, with `[]` for list items. */
function documentPaths(node: unknown, at = ''): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(node)) for (const item of node) for (const p of documentPaths(item, `${at}[]`)) out.add(p);
  else if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) {
      const p = at === '' ? key : `${at}.${key}`;
      out.add(p);
      for (const q of documentPaths(child, p)) out.add(q);
    }
  }
  return out;
}

/** The example with its commented-out fields (`# key: value`, at the key's indentation) switched on. */
function uncommented(text: string): string {
  return text.split('\n').map((line) => {
    const m = /^(\s*)# (\s*(- )?[A-Za-z][A-Za-z0-9_]*:( |$).*)$/.exec(line);
    return m === null ? line : `${m[1] as string}${m[2] as string}`;
  }).join('\n');
}

function errors(doc: unknown): string {
  validate(doc);
  return JSON.stringify(validate.errors);
}

describe('config/environment.schema.json', () => {
  test('is what `npm run schema` generates from lib/config/schema.ts (fix when stale: npm run schema, commit it)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(environmentSchemaText());
  });

  test.each(configFiles)('validates config/%s, whose first line points editors at it', (file) => {
    const text = fs.readFileSync(path.join(CONFIG_DIR, file), 'utf8');
    expect(text.split('\n')[0]).toBe(FIRST_LINE);
    const doc = yaml.load(text);
    expect(validate(doc)).toBe(true);
  });

  test('rejects an unknown key, at the top and nested', () => {
    const doc = yaml.load(example) as Json;
    expect(validate({ ...doc, clutser: {} })).toBe(false);
    expect(errors({ ...doc, clutser: {} })).toContain('"additionalProperty":"clutser"');
    const app = doc.app as Json;
    expect(validate({ ...doc, app: { ...app, autoscaling: { ...(app.autoscaling as Json), targetCpuUtilisation: 70 } } })).toBe(false);
  });

  test('rejects a bad value the loader rejects too (pattern, enum)', () => {
    const doc = yaml.load(example) as Json;
    expect(validate({ ...doc, app: { ...(doc.app as Json), namespace: 'Not_A_Label' } })).toBe(false);
    expect(validate({ ...doc, ingress: { ...(doc.ingress as Json), loadBalancer: { ...((doc.ingress as Json).loadBalancer as Json), type: 'alb' } } })).toBe(false);
  });

  test('does not require what the bootstrap writes into <env>.outputs.json', () => {
    const doc = yaml.load(example) as Json;
    const cluster = { ...(doc.cluster as Json) };
    delete cluster.id;
    const ingress = { ...(doc.ingress as Json) };
    delete ingress.loadBalancer;
    expect(errors({ ...doc, cluster, ingress })).toBe('null');
  });

  test('documents every field (its description is the JSDoc of the zod schema)', () => {
    const undocumented: string[] = [];
    const visit = (node: Json, at: string) => {
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
        const p = at === '' ? key : `${at}.${key}`;
        if (typeof child.description !== 'string') undocumented.push(p);
        visit(child, p);
      }
      if (node.items !== undefined) visit(node.items as Json, `${at}[]`);
    };
    visit(environmentJsonSchema(), '');
    expect(undocumented).toEqual([]);
  });

  test('config/example.yaml shows every field; with the optional ones switched on it is still valid', () => {
    const full = yaml.load(uncommented(example));
    expect(errors(full)).toBe('null');
    const present = documentPaths(full);
    const missing = schemaPaths(schema).filter((p) => !present.has(p));
    expect(missing).toEqual([]);
  });
});

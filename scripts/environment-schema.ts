/**
 * Generates `config/environment.schema.json`, the JSON Schema of the environment file, from the one zod
 * schema (`lib/config/schema.ts`): `npm run schema` writes it, `npm run schema -- --check` fails when the
 * committed file is stale (the test suite runs the same comparison).
 *
 * zod's `z.toJSONSchema` gives the structure (types, patterns, enums, defaults, `additionalProperties:
 * false`); the field descriptions come from the JSDoc comments of the schema's properties, read with the
 * TypeScript compiler API, so the comments stay the one place a field is documented. Fields the bootstrap
 * writes into `config/<env>.outputs.json` are not required by the JSON Schema (the loader merges them in).
 * Cross-field rules and `refine`s (tag or digest, region consistency...) are the loader's; the JSON Schema
 * is for editors: completion, descriptions, and per-field checks as you type.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { z } from 'zod';
import { outputsAsOverrides } from '../lib/config/outputs';
import { environmentFileSchema } from '../lib/config/schema';

const ROOT = path.resolve(__dirname, '..');
export const SCHEMA_FILE = path.join(ROOT, 'config', 'environment.schema.json');
/** Where the zod schema and its JSDoc live (every file whose consts it is built from). */
const SOURCES = ['lib/config/schema.ts', 'lib/config/workloads-schema.ts'].map((f) => path.join(ROOT, f));

type Json = { [key: string]: unknown };

/** Paths the bootstrap fills (`config/<env>.outputs.json`): optional in the file. */
function bootstrapFilledPaths(): string[] {
  const sample = { schemaVersion: 1, clusterId: '', vaultId: '', loadBalancerSubnetId: '', loadBalancerNsgId: '', databaseHost: '', databasePort: 0, imageRepository: '' } as const;
  return outputsAsOverrides(sample).map(([p]) => p);
}

/** Top-level `const name = <initializer>` of every source file, by name. */
function constants(files: readonly ts.SourceFile[]): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const file of files) {
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer !== undefined) out.set(d.name.text, d.initializer);
      }
    }
  }
  return out;
}

function jsDocText(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join(' ').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/** `z.<fn>(...)` → fn, else undefined. */
function zodCall(expr: ts.Expression): { fn: string; args: readonly ts.Expression[] } | undefined {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return undefined;
  const target = expr.expression.expression;
  if (!ts.isIdentifier(target) || target.text !== 'z') return undefined;
  return { fn: expr.expression.name.text, args: expr.arguments };
}

/** Field path → JSDoc, walking the zod expressions from `environmentFileSchema` (`[]` = array items). */
export function fieldDocs(): Map<string, string> {
  const files = SOURCES.map((f) => ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true));
  const consts = constants(files);
  const docs = new Map<string, string>();
  const seen = new Set<ts.Node>();
  const visit = (start: ts.Expression, at: string): void => {
    let expr = start;
    // Peel method chains (`.default()`, `.optional()`, `.min()`, `.refine()`...) down to the schema itself.
    while (zodCall(expr) === undefined && ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) expr = expr.expression.expression;
    if (ts.isIdentifier(expr)) {
      const resolved = consts.get(expr.text);
      if (resolved !== undefined && !seen.has(resolved)) {
        seen.add(resolved);
        visit(resolved, at);
        seen.delete(resolved);
      }
      return;
    }
    const call = zodCall(expr);
    if (call === undefined) return;
    const [first] = call.args;
    if ((call.fn === 'strictObject' || call.fn === 'object') && first !== undefined && ts.isObjectLiteralExpression(first)) {
      for (const prop of first.properties) {
        if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
        const key = prop.name.getText().replace(/^['"]|['"]$/g, '');
        const field = at === '' ? key : `${at}.${key}`;
        const doc = jsDocText(prop);
        if (doc !== undefined) docs.set(field, doc);
        visit(ts.isPropertyAssignment(prop) ? prop.initializer : prop.name, field);
      }
    } else if (call.fn === 'array' && first !== undefined) {
      visit(first, `${at}[]`);
    }
  };
  const root = consts.get('environmentFileSchema');
  if (root === undefined) throw new Error('environmentFileSchema not found in lib/config/schema.ts');
  visit(root, '');
  return docs;
}

function asObject(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Json : undefined;
}

/** Calls `fn` for every schema node with its field path (objects' properties, array items, anyOf branches). */
function walk(node: Json, at: string, fn: (node: Json, at: string) => void): void {
  fn(node, at);
  const props = asObject(node.properties);
  if (props !== undefined) for (const [key, child] of Object.entries(props)) if (asObject(child)) walk(child as Json, at === '' ? key : `${at}.${key}`, fn);
  const items = asObject(node.items);
  if (items !== undefined) walk(items, `${at}[]`, fn);
  for (const k of ['anyOf', 'allOf', 'oneOf']) if (Array.isArray(node[k])) for (const b of node[k] as unknown[]) if (asObject(b)) walk(b as Json, at, fn);
}

/** The JSON Schema of the environment file (draft-07: what yaml-language-server and ajv read by default). */
export function environmentJsonSchema(): Json {
  const schema = z.toJSONSchema(environmentFileSchema, { io: 'input', target: 'draft-7' }) as Json;
  const docs = fieldDocs();
  const filled = bootstrapFilledPaths();
  walk(schema, '', (node, at) => {
    const doc = docs.get(at);
    const bootstrap = filled.includes(at) ? 'Written by the bootstrap into config/<env>.outputs.json, which the loader merges over this file: leave it out once the bootstrap has run.' : undefined;
    const text = [doc, bootstrap].filter((t) => t !== undefined).join(' ');
    if (text !== '' && node.description === undefined) node.description = text;
    const required = node.required;
    if (Array.isArray(required)) {
      const kept = required.filter((key) => !filled.includes(at === '' ? String(key) : `${at}.${String(key)}`));
      if (kept.length === 0) delete node.required;
      else node.required = kept;
    }
  });
  // An object whose every required field the bootstrap fills (ingress.loadBalancer) may be left out as well.
  walk(schema, '', (node, at) => {
    const props = asObject(node.properties);
    if (props === undefined || !Array.isArray(node.required)) return;
    node.required = (node.required as string[]).filter((key) => {
      const child = asObject(props[key]);
      const field = at === '' ? key : `${at}.${key}`;
      return !(child?.type === 'object' && child.required === undefined && filled.some((f) => f.startsWith(`${field}.`)));
    });
    if ((node.required as string[]).length === 0) delete node.required;
  });
  return {
    $schema: schema.$schema,
    $comment: 'Generated by `npm run schema` from lib/config/schema.ts; do not edit. The loader (lib/config) also checks cross-field rules this schema cannot express.',
    title: 'oke-virtual-nodes environment file (config/<env>.yaml)',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The file's text: stable key order as zod emits it, two-space indent, final newline. */
export function environmentSchemaText(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const text = environmentSchemaText();
  const rel = path.relative(process.cwd(), SCHEMA_FILE);
  if (check) {
    const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${rel} is stale: it differs from the JSON Schema generated from lib/config/schema.ts; run \`npm run schema\` and commit it\n`);
      process.exit(1);
    }
    process.stdout.write(`${rel} is up to date\n`);
  } else {
    fs.writeFileSync(SCHEMA_FILE, text);
    process.stdout.write(`wrote ${rel}\n`);
  }
}

import { z } from 'zod';
import { ConfigIssue, renderValue } from './errors';
import { environmentFileSchema } from './schema';

/** Paths the bootstrap fills through `<env>.outputs.json`. */
const BOOTSTRAP_FILLED = new Set([
  'cluster.id', 'vault.id', 'ingress.loadBalancer.subnetId', 'ingress.loadBalancer.nsgIds', 'database.host', 'database.port', 'app.image.repository',
]);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function schemaAt(path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = environmentFileSchema;
  for (const key of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(key)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return undefined;
  }
  return unwrap(node);
}

function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  let current = node;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.').replace(/\.\[/g, '[');
}

function unknownKeyIssues(file: string, issue: z.core.$ZodIssueUnrecognizedKeys, raw: unknown): ConfigIssue[] {
  const schema = schemaAt(issue.path);
  const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
  return issue.keys.map((key) => {
    const closest = allowed.map((a) => [a, editDistance(key, a)] as const).sort((x, y) => x[1] - y[1])[0];
    const hint = closest !== undefined && closest[1] <= Math.max(2, Math.floor(key.length / 3)) ? `did you mean "${closest[0]}"? ` : '';
    return {
      file,
      path: dotted([...issue.path, key]),
      value: renderValue(valueAt(raw, [...issue.path, key])),
      message: `unknown key; ${hint}remove it or fix its spelling (allowed here: ${allowed.join(', ')})`,
    };
  });
}

/** Turns zod's issues into ours: dotted path, the value found, a message that says how to fix it. */
export function toConfigIssues(file: string, error: z.ZodError, raw: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      out.push(...unknownKeyIssues(file, issue, raw));
      continue;
    }
    const path = dotted(issue.path);
    const value = valueAt(raw, issue.path);
    if (value === undefined && issue.code === 'invalid_type') {
      const filled = BOOTSTRAP_FILLED.has(path)
        ? ` or run \`npm run bootstrap -- apply --env <name>\`, which writes it to config/<name>.outputs.json`
        : '';
      out.push({ file, path, message: `is required (${issue.expected}); add it${filled} (config/example.yaml shows every field)` });
      continue;
    }
    out.push({ file, path, value: renderValue(value), message: readable(issue) });
    continue;
  }
  return out;
}

/** zod's built-in messages name no fix; ours (set in the schema) do and are kept as they are. */
function readable(issue: z.core.$ZodIssue): string {
  const builtIn = /^(Invalid input|Too small|Too big|Invalid option|Invalid string|Invalid element)/.test(issue.message);
  if (!builtIn) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}; fix the value`;
    case 'too_small':
      return issue.origin === 'array' ? `must list at least ${String(issue.minimum)} entries` : `must be at least ${String(issue.minimum)}; raise it`;
    case 'too_big':
      return issue.origin === 'array' ? `must list at most ${String(issue.maximum)} entries` : `must be at most ${String(issue.maximum)}; lower it`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${issue.message}; fix the value`;
  }
}

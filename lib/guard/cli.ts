/**
 * `npm run guard -- <dir or file ...> [--format human|json] [--crd file] [--enable rule] [--virtual-node-label k=v]`
 *
 * Exit codes: 0 = pass, 1 = violations, 2 = input errors (unreadable files, bad YAML, unknown kinds, bad arguments).
 */
import { parseArgs } from 'node:util';
import { ALL_RULES, formatReport, guardPaths, loadPaths, type KubeObject } from './index';
import { OPT_OUT_PREFIX } from './engine';
import { isRecord } from './util';

const USAGE = `usage: npm run guard -- <dir or file ...> [options]

Checks Kubernetes YAML (multi-document files, kind: List; directories are walked for .yaml/.yml) against the
Kubernetes v1.34 schema, the vendored ESO/Argo CD CRDs and the OKE virtual-node, security and reliability rules.

options:
  --format human|json          output format (default human)
  --crd <file>                 CustomResourceDefinition YAML for extra custom resources (repeatable)
  --enable <rule-id>           switch on an optional rule, e.g. sec-image-digest (repeatable)
  --virtual-node-label k=v     a label your virtual nodes carry (repeatable); see lib/guard/README.md
  --list-rules                 print the rules and exit
  -h, --help                   this text

opt out per object: metadata.annotations["${OPT_OUT_PREFIX}<rule-id>"] = "<reason>"
exit codes: 0 pass, 1 violations, 2 input errors`;

function fail(message: string): never {
  process.stderr.write(`guard: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'human' },
        crd: { type: 'string', multiple: true, default: [] },
        enable: { type: 'string', multiple: true, default: [] },
        'virtual-node-label': { type: 'string', multiple: true },
        'list-rules': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help === true) { process.stdout.write(`${USAGE}\n`); return 0; }
  if (values['list-rules'] === true) {
    for (const r of ALL_RULES) process.stdout.write(`${r.id}\t${r.category}${r.optional === true ? ' (optional)' : ''}\t${r.description}\n`);
    return 0;
  }
  const format = values.format;
  if (format !== 'human' && format !== 'json') fail(`--format must be human or json, not "${String(format)}"`);
  if (positionals.length === 0) fail('give at least one file or directory');

  let virtualNodeLabels: Record<string, string> | undefined;
  for (const pair of values['virtual-node-label'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`--virtual-node-label must be key=value, not "${pair}"`);
    virtualNodeLabels = { ...(virtualNodeLabels ?? {}), [pair.slice(0, eq)]: pair.slice(eq + 1) };
  }
  const crdFiles = values.crd ?? [];
  const crdLoad = crdFiles.length > 0 ? loadPaths(crdFiles) : { documents: [] as unknown[], problems: [] };
  const crds: KubeObject[] = crdLoad.documents.filter((d): d is KubeObject => isRecord(d) && d.kind === 'CustomResourceDefinition');
  if (crdFiles.length > 0 && crds.length === 0 && crdLoad.problems.length === 0) fail(`--crd ${crdFiles.join(', ')}: no CustomResourceDefinition found`);

  const report = guardPaths(positionals, {
    crds,
    enable: values.enable ?? [],
    ...(virtualNodeLabels === undefined ? {} : { virtualNodeLabels }),
  });
  const full = { ...report, inputProblems: [...crdLoad.problems, ...report.inputProblems] };
  process.stdout.write(formatReport(full, format));
  if (full.inputProblems.length > 0) return 2;
  return full.violations.length > 0 ? 1 : 0;
}

// `npm run guard -- --list-rules | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = main(process.argv.slice(2));

/**
 * `npm run guard -- <dir or file ...> [--format human|json] [--crd file] [--enable rule] [--virtual-node-label k=v]`
 *
 * Exit codes: 0 = pass, 1 = violations, 2 = input errors (unreadable files, bad YAML, unknown kinds, bad arguments,
 * input above a limit, or a check that could not finish). Never 1 for anything but violations: CI reads 1 as
 * "the manifests are wrong".
 */
import { parseArgs } from 'node:util';
import { ALL_RULES, DEFAULT_LOAD_LIMITS, formatReport, guardPaths, loadPaths, type KubeObject } from './index';
import { OPT_OUT_PREFIX } from './engine';
import { formatBytes } from '../input/bytes';
import { isRecord } from './util';

/** The input limits in one sentence, from the defaults themselves. */
function limitsText(): string {
  const l = DEFAULT_LOAD_LIMITS;
  const n = (x: number): string => x.toLocaleString('en-US');
  return `${formatBytes(l.maxFileBytes)} per file and ${formatBytes(l.maxTotalBytes)} in all (FIFOs and devices too), `
    + `${n(l.maxDocuments)} documents, ${formatBytes(l.maxDocumentBytes)} and ${n(l.maxNodes)} YAML nodes per document (aliases expanded), `
    + `${n(l.maxTotalNodes)} nodes in all, nesting ${l.maxDepth}, ${n(l.maxAliases)} aliases per document`;
}

const USAGE = `usage: npm run guard -- <dir or file ...> [options]

Checks Kubernetes YAML (multi-document files, kind: List; directories are walked for .yaml/.yml) against the
Kubernetes v1.34 schema, the vendored ESO/Argo CD CRDs and the OKE virtual-node, security and reliability rules.

options:
  --format human|json          output format (default human)
  --crd <file>                 CustomResourceDefinition YAML for extra custom resources (repeatable)
  --enable <rule-id>           switch on an optional rule, e.g. sec-image-digest (repeatable)
  --virtual-node-label k=v     a label your virtual nodes carry (repeatable); see lib/guard/README.md
  --time-limit <seconds>       stop reading and checking after this long: an input error (default ${DEFAULT_LOAD_LIMITS.timeLimitMs / 1000})
  --list-rules                 print the rules and exit
  -h, --help                   this text

opt out per object: metadata.annotations["${OPT_OUT_PREFIX}<rule-id>"] = "<reason>"
input limits (each an input error): ${limitsText()}

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
        'time-limit': { type: 'string' },
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
  const limitText = values['time-limit'];
  const seconds = limitText === undefined ? DEFAULT_LOAD_LIMITS.timeLimitMs / 1000 : Number(limitText);
  if (!Number.isFinite(seconds) || seconds <= 0) fail(`--time-limit must be a number of seconds above 0, not "${String(limitText)}"`);
  const timeLimitMs = seconds * 1000;
  const crdFiles = values.crd ?? [];
  const crdLoad = crdFiles.length > 0 ? loadPaths(crdFiles, { timeLimitMs }) : { documents: [] as unknown[], problems: [] };
  const crds: KubeObject[] = crdLoad.documents.filter((d): d is KubeObject => isRecord(d) && d.kind === 'CustomResourceDefinition');
  if (crdFiles.length > 0 && crds.length === 0 && crdLoad.problems.length === 0) fail(`--crd ${crdFiles.join(', ')}: no CustomResourceDefinition found`);

  const report = guardPaths(positionals, {
    crds,
    enable: values.enable ?? [],
    timeLimitMs,
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

/** Runs `main`; a failure of the guard itself is reported as exit 2 with its message, never as 1 ("violations"). */
function run(argv: readonly string[]): number {
  try {
    return main(argv);
  } catch (err) {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    process.stderr.write(`guard: could not finish checking the input (${detail}); this is a bug in the guard, please report it with the input\n`);
    return 2;
  }
}

process.exitCode = run(process.argv.slice(2));

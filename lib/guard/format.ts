/** Renders a guard report for people (one line per finding) or machines (JSON). */
import type { GuardReport, SourceRef } from './types';
import { describeRef } from './util';

export type ReportFormat = 'human' | 'json';

function at(source: SourceRef | undefined): string {
  return source === undefined ? '' : `${source.file}#${source.index}: `;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report as text: `human` lists violations, opt-outs and input problems then a summary; `json` is the report. */
export function formatReport(report: GuardReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const lines: string[] = [];
  for (const p of report.inputProblems) {
    lines.push(`input error: ${p.file === undefined ? '' : `${p.file}${p.index === undefined ? '' : `#${p.index}`}: `}${p.message}`);
  }
  for (const v of report.violations) lines.push(`${at(v.source)}[${v.ruleId}] ${v.message}`);
  for (const o of report.optOuts) lines.push(`${at(o.source)}opt-out [${o.ruleId}] ${describeRef(o.object)}: ${o.reason}`);
  const verdict = report.inputProblems.length > 0 ? 'INPUT ERROR' : report.violations.length > 0 ? 'FAIL' : 'PASS';
  lines.push(`guard: ${verdict}: ${plural(report.objectCount, 'object')}, ${plural(report.violations.length, 'violation')}, ${plural(report.optOuts.length, 'opt-out')}, ${plural(report.inputProblems.length, 'input problem')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The rule table of lib/guard/README.md, generated from the rules so the two cannot drift.
 * Rewrite it with: node --require tsx/cjs lib/guard/rule-table.ts --write
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPT_OUT_PREFIX } from './engine';
import { ALL_RULES } from './rules';

const FAMILY = { 'virtual-node': 'VN', security: 'security', reliability: 'reliability', schema: 'schema' } as const;
const HEADER = '| id | family | requires | source |\n|---|---|---|---|\n';
const START = '<!-- rule-table:start -->';
const END = '<!-- rule-table:end -->';
export const README = path.join(__dirname, 'README.md');

/** Markdown table, one row per rule, in report order. */
export function ruleTable(): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return HEADER + ALL_RULES.map((r) => `| \`${r.id}\` | ${FAMILY[r.category]}${r.optional === true ? ' (optional)' : ''} | ${esc(r.description)} | ${esc(r.source)} |`).join('\n')
    + `\n\nOpt out of a rule (except the schema family) with \`${OPT_OUT_PREFIX}<id>: "<reason>"\`.\n`;
}

/** The README with its table section replaced by {@link ruleTable}. */
export function readmeWithTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${README} has no ${START} ... ${END} section`);
  return `${readme.slice(0, a + START.length)}\n${ruleTable()}${readme.slice(b)}`;
}

if (require.main === module && process.argv.includes('--write')) {
  fs.writeFileSync(README, readmeWithTable(fs.readFileSync(README, 'utf8')));
}

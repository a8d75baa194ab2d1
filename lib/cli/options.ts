import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
/** What `parseArgs` returns as `values` for these options (strict, no positionals). */
export type OptionValues<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true }>>['values'];

/**
 * Parses a command's options the way every `npm run <command>` of the project does: an unknown or malformed
 * option prints its message and the usage to stderr (exit 2); `--help` prints the usage to stdout (exit 0).
 * Returns the values, or the exit code when the command should stop there.
 */
export function parseOptions<O extends Options>(argv: readonly string[], options: O, usage: string): OptionValues<O> | number {
  let values: OptionValues<O>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
    return 2;
  }
  if ((values as Record<string, unknown>).help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return values;
}

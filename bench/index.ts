import * as fs from 'fs';
import * as path from 'path';

/** Runs every bench/<area>.ts (each exports `run(): Promise<string>`) in name order and prints its table. */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs.readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !['index.ts', 'measure.ts'].includes(f))
    .filter((f) => only.length === 0 || only.includes(path.basename(f, '.ts')))
    .sort();
  console.log(`# npm run bench (${new Date().toISOString().slice(0, 10)}, node ${process.version})\n`);
  for (const f of files) {
    // require, not import(): tsx/cjs transpiles required .ts files, while a native import() of .ts fails.
    const mod = require(path.join(__dirname, f)) as { run?: () => Promise<string> };
    if (typeof mod.run !== 'function') throw new Error(`bench/${f} exports no run()`);
    console.log(`${await mod.run()}\n`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

/**
 * Fuzz and hostile input for the config loader: generated hostile YAML as an environment file must end in a
 * ConfigError naming the file (never another exception, a hang or a huge heap), and the limits must name
 * themselves. Seeded and deterministic, like test/guard/fuzz.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadEnvironment } from '../../lib/config';
import { CONFIG_INPUT_LIMITS } from '../../lib/config/load';
import { loadPaths } from '../../lib/guard/load';
import { tempConfig } from '../helpers';
import { hostileCase } from '../hostile-yaml';

const SEED = 20_260_515;
const CASES = Number(process.env.FUZZ_CASES ?? 120);
const GUARD_FIXTURES = path.join(__dirname, '..', 'guard', 'fixtures', 'good');

/** The ConfigError `loadEnvironment` throws for the config folder (fails the test on anything else). */
function configError(configDir: string): ConfigError {
  try {
    loadEnvironment('example', { configDir });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('generated hostile environment files', () => {
  const t = tempConfig();
  const file = path.join(t.configDir, 'example.yaml');
  const example = fs.readFileSync(file, 'utf8');
  const objects = loadPaths([GUARD_FIXTURES]).documents as object[];
  afterAll(() => { fs.rmSync(t.dir, { recursive: true, force: true }); });

  test.each(Array.from({ length: CASES }, (_, n) => n))(`seed ${SEED} case %i ends in a ConfigError naming the file`, (n) => {
    const c = hostileCase(SEED, n, objects);
    // Half the cases hide the hostile part under a key of the real example (the loader must stop it before the
    // schema ever sees it), half replace the whole file.
    const embed = n % 2 === 0 && c.bytes === undefined && c.family !== 'document-flood';
    fs.writeFileSync(file, c.bytes ?? (embed ? `${example}\nextra:\n${c.text.replace(/^/gm, '  ')}` : c.text));
    const error = configError(t.configDir);
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) expect(issue.file).toMatch(/example\.yaml$/);
    if (c.family === 'self-alias') expect(error.message).toMatch(/refers to a collection that contains it|YAML syntax error/);
    if (c.family === 'bad-bytes' && c.bytes?.includes(0) !== true) expect(error.message).toMatch(/is not valid UTF-8 \(byte 0x[0-9a-f]{2} at offset \d+, line 4\)/);
  });
});

describe('bounded reads of the environment and outputs files', () => {
  test('an alias bomb far under the alias limit is refused by its expanded size', () => {
    const t = tempConfig();
    const bomb = ['extra:', '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
    t.edit('example.yaml', (s) => `${s}\n${bomb}\n`);
    expect(configError(t.configDir).issues).toEqual([{ file: expect.stringMatching(/example\.yaml$/), path: '', message: expect.stringMatching(/^expands to more than 100,000 YAML nodes \(line \d+; an alias bomb\?\); remove the aliases or split the document$/) }]);
  });

  test('a device, a directory and invalid UTF-8 in place of a file are ConfigErrors, not hangs or stack traces', () => {
    const t = tempConfig();
    const file = path.join(t.configDir, 'example.yaml');
    fs.rmSync(file);
    fs.symlinkSync('/dev/zero', file);
    expect(configError(t.configDir).issues[0]?.message).toBe(`is more than 1.0 MiB, above the ${CONFIG_INPUT_LIMITS.maxBytes / 1024 / 1024}.0 MiB limit; split it into smaller files`);
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(configError(t.configDir).issues[0]?.message).toBe('is a directory; name a file');
    fs.rmSync(file, { recursive: true });
    fs.writeFileSync(file, Buffer.from('oci:\n  region: caf\xe9\n', 'latin1'));
    expect(configError(t.configDir).issues[0]?.message).toBe('is not valid UTF-8 (byte 0xe9 at offset 18, line 2); save it as UTF-8');
    fs.writeFileSync(file, '---\na: 1\n---\nb: 2\n');
    expect(configError(t.configDir).issues[0]?.message).toBe('holds more than 1 YAML document (--- lines); remove the --- separators');
    fs.writeFileSync(file, 'a: 1\n--- b\n');
    expect(configError(t.configDir).issues[0]?.message).toBe('holds 2 YAML documents; an environment is one document (remove the --- separators)');
  });

  test('an outputs file that is a directory is a ConfigError; a config folder that is a file too', () => {
    const t = tempConfig();
    fs.mkdirSync(path.join(t.configDir, 'example.outputs.json'));
    expect(configError(t.configDir).issues).toEqual([{ file: expect.stringMatching(/example\.outputs\.json$/), path: '', message: 'is a directory; name a file' }]);
    const notDir = path.join(t.dir, 'not-a-dir');
    fs.writeFileSync(notDir, 'x');
    expect(configError(notDir).issues[0]?.message).toBe('is a file, not a config folder; point to the folder holding <env>.yaml');
  });
});

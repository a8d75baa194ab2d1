import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Validator from '../../lib/guard/schema/validator';
import { scratchDir } from '../helpers';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'web', image: 'web:1', imagePullPolicyy: 'Always' }] } } },
};

/** A fresh copy of the validator module (and so a fresh in-memory registry) reading the given cache root. */
function freshValidator(cacheRoot: string): typeof Validator {
  process.env.OKE_VN_GUARD_CACHE = cacheRoot;
  let mod: typeof Validator | undefined;
  jest.isolateModules(() => { mod = require('../../lib/guard/schema/validator') as typeof Validator; });
  delete process.env.OKE_VN_GUARD_CACHE;
  return mod as typeof Validator;
}

function findings(v: typeof Validator): unknown {
  return v.validateObject(deployment, new v.SchemaRegistry());
}

describe('compiled validators cached on disk', () => {
  const root = scratchDir('guard-cache-');
  const cached = () => fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d)));

  test('a new process finds the same problems from the cache as from a fresh compile', () => {
    const first = findings(freshValidator(root));
    expect(JSON.stringify(first)).toContain('imagePullPolicyy');
    expect(cached()).toContain('apps_v1_Deployment.js');
    const v = freshValidator(root);
    const second = findings(v);
    expect(second).toEqual(first);
    // The second load also leaves V8's code cache beside the module (at exit, after the validator ran).
    expect(cached()).not.toContain('apps_v1_Deployment.js.v8');
    v.flushCodeCaches();
    expect(cached()).toContain('apps_v1_Deployment.js.v8');
  });

  test('a damaged cache file is recompiled, not trusted', () => {
    const dir = path.join(root, fs.readdirSync(root)[0] as string);
    fs.writeFileSync(path.join(dir, 'apps_v1_Deployment.js'), 'this is not javascript {');
    fs.rmSync(path.join(dir, 'apps_v1_Deployment.js.v8'));
    expect(JSON.stringify(findings(freshValidator(root)))).toContain('imagePullPolicyy');
    expect(fs.readFileSync(path.join(dir, 'apps_v1_Deployment.js'), 'utf8')).not.toContain('this is not javascript');
  });
});

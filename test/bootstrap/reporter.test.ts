import { Reporter, summary } from '../../lib/bootstrap/reporter';

describe('progress reporter and summary', () => {
  test('off a TTY: one plain line per state change, no colours, secrets redacted', () => {
    let out = '';
    const r = new Reporter({ write: (t) => { out += t; }, isTTY: false }, ['vcn', 'cluster'], (s) => s.replace('hunter2', '***'));
    r.start();
    r.update('vcn', 'reading');
    r.update('vcn', 'creating');
    r.update('vcn', 'done', 'create');
    r.update('cluster', 'failed', 'password hunter2 rejected');
    r.stop();
    expect(out).toBe('vcn: creating\nvcn: done (create)\ncluster: failed (password *** rejected)\n');
  });

  test('on a TTY: a live block with one line per resource, state and elapsed time', () => {
    let out = '';
    const r = new Reporter({ write: (t) => { out += t; }, isTTY: true }, ['vcn', 'cluster']);
    r.update('vcn', 'creating');
    r.stop();
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/\x1b\[33m… vcn +creating +\d+\.\ds/);
    expect(lines[1]).toMatch(/cluster +waiting/);
  });

  test('summary tables for plan and apply', () => {
    const plan = summary('plan', [
      { id: 'vcn', kind: 'vcn', name: 'x', action: 'exists', status: 'planned', elapsedMs: 0 },
      { id: 'nsg-pods-rules', kind: 'nsg-rules', name: 'x', action: 'drift', status: 'planned', elapsedMs: 0, detail: ['missing rule: oke-vn: app to MySQL'] },
    ]);
    expect(plan).toBe([
      'RESOURCE        KIND       ACTION  DETAIL',
      '--------------  ---------  ------  ----------------------------------',
      'vcn             vcn        exists',
      'nsg-pods-rules  nsg-rules  drift   missing rule: oke-vn: app to MySQL',
      '',
      'Plan: 0 to create, 1 to update (drift), 0 to delete, 1 unchanged.',
      '',
    ].join('\n'));
    const apply = summary('apply', [{ id: 'vcn', kind: 'vcn', name: 'x', action: 'create', status: 'failed', elapsedMs: 1200, detail: ['vcn: LimitExceeded'] }]);
    expect(apply).toContain('vcn       vcn   create  failed  1.2s  vcn: LimitExceeded');
    expect(apply).toContain('Apply failed: 0 created, 0 updated, 0 unchanged, 1 failed.');
  });
});

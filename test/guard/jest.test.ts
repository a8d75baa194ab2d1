/** The jest matcher users put in their own chart tests. */
import '../../lib/guard/jest';
import { POD, goodSet, put, web } from './fixtures';

it('passes compliant objects', () => {
  expect(goodSet()).toPassGuard();
});

it('fails with the formatted report, and honours options', () => {
  const set = goodSet();
  put(web(set), `${POD}.hostname`, 'web');
  expect(set).not.toPassGuard();
  expect(() => expect(set).toPassGuard()).toThrow(/\[vn-pod-hostname\] Deployment shop\/web: spec\.template\.spec\.hostname/);
  put(web(set), `${POD}.nodeSelector`, { pool: 'managed' });
  // Pinned to managed nodes, the virtual-node rule no longer applies (only sec-seccomp does there).
  put(web(set), `${POD}.securityContext.seccompProfile`, { type: 'RuntimeDefault' });
  expect(set).toPassGuard({ virtualNodeLabels: { pool: 'virtual' } });
});

it('accepts a single object', () => {
  expect(goodSet()[0]).toPassGuard();
});

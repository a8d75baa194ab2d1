import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './support/process';

/**
 * The proxy the outage tests cut must let the process exit afterwards. Resetting a socket whose shutdown is in flight
 * (its side just ended, e.g. because the app on the other end went away) fails in libuv with EINVAL, and Node then
 * drops the handle without closing it: the process finishes its work and spins forever in its exit clean-up. That is
 * what kept jest alive after some full runs. Here, in a process of its own, every proxied socket is ended and the
 * proxy cut in the same turn of the event loop; the process must exit by itself.
 */
const SCENARIO = `
const net = require('node:net');
const { TcpProxy } = require(${JSON.stringify(join(REPO_ROOT, 'app', 'test', 'support', 'tcp-proxy.ts'))});
(async () => {
  const held = [];
  const database = net.createServer((s) => held.push(s)); // stands for MariaDB: keeps every connection open
  await new Promise((resolve) => database.listen(0, '127.0.0.1', resolve));
  const proxy = new TcpProxy('127.0.0.1', database.address().port);
  await proxy.start();
  const client = net.connect(proxy.port, '127.0.0.1');
  client.on('error', () => undefined);
  await new Promise((resolve) => client.once('connect', resolve));
  while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  for (const socket of proxy.sockets) socket.end(); // shutdowns requested, not yet done...
  await proxy.cut(); // ...when the connections are cut
  client.destroy();
  for (const s of held) s.destroy();
  database.close();
  process.stdout.write('cut\\n');
})();
`;

test('cutting the proxy while its connections are half-closed leaves nothing that keeps the process alive', () => {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', SCENARIO], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('cut\n');
  expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
});

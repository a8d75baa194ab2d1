/**
 * The quick project's fence (fence.js) holds: in a quick file, spawning, listening and connecting fail and
 * name the list that moves a file to the full project; outside the fence the same calls work.
 */
import * as childProcess from 'child_process';
import * as net from 'net';
import { setFence } from './fence';

describe('the quick project fence', () => {
  afterEach(() => setFence(true, __filename));

  test('refuses child processes, naming the call and test/support/buckets.js', () => {
    expect(() => childProcess.spawnSync('true')).toThrow(/child_process\.spawnSync\(\) in a quick test .*test\/support\/buckets\.js/);
    expect(() => childProcess.execFileSync('true')).toThrow(/child_process\.execFileSync\(\)/);
    expect(() => childProcess.spawn('true')).toThrow(/child_process\.spawn\(\)/);
    expect(() => childProcess.fork(__filename)).toThrow(/child_process\.fork\(\)/);
  });

  test('refuses network listeners and connections', () => {
    const server = net.createServer();
    expect(() => server.listen(0, '127.0.0.1')).toThrow(/a network listener/);
    expect(() => net.connect(1, '127.0.0.1')).toThrow(/a network connection/);
  });

  test('lets the same calls through once the fence is down (as in the full project)', async () => {
    setFence(false, '');
    expect(childProcess.spawnSync(process.execPath, ['-e', 'process.exit(3)']).status).toBe(3);
    const server = net.createServer((socket) => socket.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => { data += String(chunk); });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(reply).toBe('ok');
  });
});

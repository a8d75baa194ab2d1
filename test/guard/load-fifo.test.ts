/** The YAML loader on FIFOs: it needs writer processes, so it runs in the full project. */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPaths } from '../../lib/guard/load';

/**
 * Waits until a process has the FIFO open for writing: opening it for reading without O_NONBLOCK succeeds only
 * then. Opened in a child so this test process never blocks on it.
 */
function waitForWriter(fifo: string): void {
  execFileSync('sh', ['-c', `exec 4<"${fifo}"; exec 4<&-`], { timeout: 10_000, stdio: 'ignore' });
}

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-load-fifo-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('bounded work on a FIFO', () => {
  it('gives up on a FIFO whose writer never writes at the time limit, and reads one that is written and closed', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // The writer (a child process holding the FIFO open) never writes: a blocking read would wait forever.
    const writer = spawn('sh', ['-c', `exec 3>"${fifo}"; exec sleep 30`], { stdio: 'ignore' });
    try {
      waitForWriter(fifo);
      expect(loadPaths([fifo], { timeLimitMs: 300 }).problems).toEqual([{ file: fifo, message: 'gave no end of input within the 0.3 s time limit (a FIFO or device that is never closed); pass a regular file' }]);
    } finally {
      writer.kill();
    }
    // This writer opens read-write (which never blocks), writes, and closes a second later: the reader polls
    // through the wait and stops at the end of input.
    const feeder = spawn('sh', ['-c', `exec 3<>"${fifo}"; printf 'kind: A\\n---\\nkind: B\\n' >&3; exec sleep 1`], { stdio: 'ignore' });
    waitForWriter(fifo);
    expect(loadPaths([fifo], { timeLimitMs: 20_000 })).toMatchObject({ documents: [{ kind: 'A' }, { kind: 'B' }], problems: [] });
    feeder.kill();
  });

});

/**
 * Reads a file as UTF-8 text with a byte cap and a deadline, whatever the path names: a regular file, a FIFO, a
 * character device such as /dev/zero, or something that is not a file at all. The guard reads YAML from people it
 * does not know (CI input), so "read the whole file" must never mean "read forever" or "read 4 GB".
 */
import * as fs from 'node:fs';
import { formatBytes } from './bytes';
import { InputLimitError, InputReadError } from './errors';

/** Limits of {@link readTextFile}. */
export interface ReadLimits {
  /** Bytes read at most; a file holding more is refused without reading the rest. */
  readonly maxBytes: number;
  /**
   * When reading must be over (epoch milliseconds). Only streams can stall (a FIFO whose writer never writes or
   * never closes, a terminal); a regular file is read at disk speed.
   */
  readonly deadline: number;
  /** The time limit the deadline comes from, in milliseconds, as messages name it. */
  readonly timeLimitMs: number;
}

/** How long to sleep between reads of a stream that has nothing to read yet. */
const POLL_MS = 5;
const CHUNK = 64 * 1024;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` (the loaders are synchronous; a stream with no data yet must not spin). */
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** A clear sentence for the errors `open` gives on a bad path (instead of a raw EISDIR/ENOTDIR stack trace). */
function openFailure(file: string, err: NodeJS.ErrnoException): InputReadError {
  switch (err.code) {
    case 'ENOENT': return new InputReadError(file, 'does not exist');
    case 'ENOTDIR': return new InputReadError(file, 'cannot be reached: a folder in its path is a file');
    case 'EACCES':
    case 'EPERM': return new InputReadError(file, 'cannot be read (permission denied)');
    case 'ENXIO': return new InputReadError(file, 'is a socket, not a file');
    case 'ELOOP': return new InputReadError(file, 'is a loop of symbolic links');
    case 'ENAMETOOLONG': return new InputReadError(file, 'has a name too long for the file system');
    default: return new InputReadError(file, `cannot be opened (${err.code ?? err.message})`);
  }
}

function tooLarge(file: string, maxBytes: number, size?: number): InputLimitError {
  const got = size === undefined ? `more than ${formatBytes(maxBytes)}` : formatBytes(size);
  return new InputLimitError(file, 'bytes', `is ${got}, above the ${formatBytes(maxBytes)} limit; split it into smaller files`);
}

/**
 * Reads up to `maxBytes + 1` bytes: a regular file in blocking reads, anything else in non-blocking reads that
 * sleep while the stream is empty, until end of input or the deadline.
 */
function readCapped(fd: number, file: string, regular: boolean, limits: ReadLimits): Buffer {
  const { deadline } = limits;
  const seconds = limits.timeLimitMs / 1000;
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, limits.maxBytes + 1 - total));
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        if (Date.now() >= deadline) {
          throw new InputLimitError(file, 'time', `gave no end of input within the ${seconds} s time limit (a FIFO or device that is never closed); pass a regular file`);
        }
        sleep(POLL_MS);
        continue;
      }
      if (code === 'EISDIR') throw new InputReadError(file, 'is a directory; name a file');
      throw new InputReadError(file, `cannot be read (${code ?? (err as Error).message})`);
    }
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (total > limits.maxBytes) throw tooLarge(file, limits.maxBytes);
    if (!regular && Date.now() >= deadline) {
      throw new InputLimitError(file, 'time', `was still sending data at the end of the ${seconds} s time limit; pass a regular file`);
    }
  }
  return Buffer.concat(chunks, total);
}

/**
 * Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and code points above U+10FFFF
 * included, as WHATWG's decoder rejects them), or -1 when the buffer is valid.
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    if (b < 0x80) { i += 1; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; } else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; } else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line of a byte offset, for messages. */
function lineOf(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/** Decodes UTF-8 strictly: invalid bytes are an input error naming the line, never silently replaced by U+FFFD. */
export function decodeUtf8(buf: Uint8Array, file: string): string {
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    throw new InputReadError(file, `is not valid UTF-8 (byte 0x${(buf[bad] as number).toString(16).padStart(2, '0')} at offset ${bad}, line ${lineOf(buf, bad)}); save it as UTF-8`);
  }
  return new TextDecoder('utf-8').decode(buf);
}

/**
 * Reads `file` as UTF-8 text. Throws {@link InputReadError} (missing, a directory, unreadable, not UTF-8) or
 * {@link InputLimitError} (above `maxBytes`, or a stream still open at the deadline), each naming the file.
 * Opening never blocks (O_NONBLOCK): opening a FIFO without a writer would otherwise wait forever.
 */
export function readTextFile(file: string, limits: ReadLimits): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    throw openFailure(file, err as NodeJS.ErrnoException);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputReadError(file, 'is a directory; name a file');
    if (stat.isFile() && stat.size > limits.maxBytes) throw tooLarge(file, limits.maxBytes, stat.size);
    return decodeUtf8(readCapped(fd, file, stat.isFile(), limits), file);
  } finally {
    fs.closeSync(fd);
  }
}

import type { ServerResponse } from 'node:http';

/**
 * Once `response` is sent, stops reading its connection for `ms` (the Retry-After of a shed request).
 *
 * Why: a shed request is answered at once, but a client that ignores Retry-After and sends its next request on
 * the same connection right away turns overload into a loop of rejections. Each one costs parsing, routing and
 * an answer, and together they starve the requests that hold a connection: measured with 10× the peak's
 * connections, goodput fell to 5 % of the peak (bench/app.ts). Not reading the connection leaves that next
 * request in the kernel's buffer, so a retrying client costs nothing until Retry-After has passed; clients on
 * other connections are not affected, and the request is read (not dropped) afterwards.
 */
export function holdConnectionAfter(response: ServerResponse, ms: number): void {
  // Taken now: Node detaches the socket from the response once it is finished.
  const socket = response.socket;
  if (socket === null) return;
  response.once('finish', () => {
    if (socket.destroyed) return;
    socket.pause();
    const timer = setTimeout(() => socket.resume(), ms);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

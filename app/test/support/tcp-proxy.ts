import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the app and MariaDB that a test can cut (every connection reset, new ones refused,
 * as if the database host went down) and restore, and that can add latency to make requests slow.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Delay added before forwarding each chunk from the database to the app. */
  latencyMs = 0;
  /** When true, bytes are swallowed in both directions: the database host hangs without closing anything. */
  blackhole = false;

  constructor(private readonly targetHost: string, private readonly targetPort: number) {}

  async start(port = 0): Promise<number> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    this.port = address.port;
    return this.port;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(client).add(upstream);
    const forget = (s: Socket) => () => this.sockets.delete(s);
    client.on('close', forget(client)).on('error', () => upstream.destroy());
    upstream.on('close', forget(upstream)).on('error', () => client.destroy());
    client.on('data', (chunk) => {
      if (!this.blackhole) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (this.blackhole) return;
      if (this.latencyMs === 0) client.write(chunk);
      else {
        upstream.pause();
        setTimeout(() => {
          client.write(chunk);
          upstream.resume();
        }, this.latencyMs);
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }

  /** Stops listening (new connections are refused) and resets every open connection. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) {
      // A socket whose side was ended may have its shutdown in flight; resetting it then fails (EINVAL: libuv refuses
      // SO_LINGER during a shutdown) and Node drops the handle without closing it, so the process can never exit
      // (it spins in its exit clean-up). Such a connection is closing anyway: close it; reset the others.
      if (socket.writableEnded) socket.destroy();
      else socket.resetAndDestroy();
    }
    this.sockets.clear();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}

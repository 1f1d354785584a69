// A small TCP proxy on loopback for fault injection between a client and the sync server.
// Each new connection takes the next queued fault (or the default), so tests act per request.
import net from 'node:net';

export type Fault =
  | { kind: 'pass' }
  /** Forward only the first `afterBytes` of the request, then cut both sides. */
  | { kind: 'cutRequest'; afterBytes: number }
  /** Deliver the request, let the server answer (after its commit), then drop the answer. */
  | { kind: 'dropResponse' }
  /** Hold the request for `ms` before forwarding it. */
  | { kind: 'delay'; ms: number }
  /** A slow link both ways: `bitsPerSecond` of bandwidth and `latencyMs` added to every chunk. */
  | { kind: 'throttle'; bitsPerSecond: number; latencyMs: number };

/**
 * Delivers chunks no faster than the link allows, in order: each leaves when the link has carried
 * the ones before it, and arrives `latencyMs` later.
 */
function slowLink(bitsPerSecond: number, latencyMs: number, deliver: (chunk: Buffer) => void): { send(chunk: Buffer): void; afterLast(fn: () => void): void } {
  let free = 0;
  return {
    send(chunk) {
      const now = performance.now();
      free = Math.max(free, now) + (chunk.length * 8 * 1000) / bitsPerSecond;
      setTimeout(() => deliver(chunk), free - now + latencyMs);
    },
    /** Runs `fn` once everything sent so far has arrived (a close travels behind the data). */
    afterLast(fn) {
      setTimeout(fn, Math.max(0, free - performance.now()) + latencyMs + 1);
    },
  };
}

export class FaultProxy {
  private server: net.Server;
  private queue: Fault[] = [];
  defaultFault: Fault = { kind: 'pass' };
  port = 0;
  connections = 0;
  private sockets = new Set<net.Socket>();

  constructor(private targetPort: number) {
    this.server = net.createServer((client) => this.handle(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** Queue faults for the next connections, in order. */
  next(...faults: Fault[]): void {
    this.queue.push(...faults);
  }

  retarget(port: number): void {
    this.targetPort = port;
  }

  private handle(client: net.Socket): void {
    this.connections++;
    const fault = this.queue.shift() ?? this.defaultFault;
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());

    let sent = 0;
    if (fault.kind === 'throttle') {
      const up = slowLink(fault.bitsPerSecond, fault.latencyMs, (c) => upstream.write(c));
      const down = slowLink(fault.bitsPerSecond, fault.latencyMs, (c) => client.write(c));
      client.on('data', (c: Buffer) => up.send(c));
      upstream.on('data', (c: Buffer) => down.send(c));
      upstream.removeAllListeners('close');
      upstream.on('close', () => down.afterLast(() => client.destroy()));
      return;
    }
    client.on('data', (chunk: Buffer) => {
      if (fault.kind === 'cutRequest') {
        const room = fault.afterBytes - sent;
        if (room > 0) upstream.write(chunk.subarray(0, room));
        sent += chunk.length;
        if (sent >= fault.afterBytes) setTimeout(kill, 20);
        return;
      }
      if (fault.kind === 'delay') {
        setTimeout(() => upstream.write(chunk), fault.ms);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (fault.kind === 'dropResponse') {
        // The server has answered, so it has committed: lose the answer.
        kill();
        return;
      }
      client.write(chunk);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

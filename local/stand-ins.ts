import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';

/** Starting and stopping the open-source stand-ins in-process (tests and `npm start`). */

const require = createRequire(import.meta.url);

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Stops a server now: open keep-alive connections are cut, not waited for. */
export function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    });
}

/** Listens on host:port (0 = any free port); resolves with the port, rejects on EADDRINUSE. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** dynalite: the DynamoDB API. `path` persists to disk (LevelDB); without it the data is in memory. */
export async function startDynalite(opts: { port: number; host?: string; path?: string }): Promise<RunningServer> {
  const dynalite = require('dynalite') as (o: Record<string, unknown>) => Server;
  const host = opts.host ?? '127.0.0.1';
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(opts.path ? { path: opts.path } : {}) });
  const port = await listen(server, opts.port, host);
  return { url: `http://${host}:${port}`, port, close: closer(server) };
}

/** aws-ses-v2-local: the SES v2 API plus a web inbox at / and every stored mail at GET /store. */
export async function startSesLocal(opts: { port: number; host?: string }): Promise<RunningServer> {
  const mod = require('aws-ses-v2-local') as { default?: (c: { port: number; host: string }) => Promise<Server> };
  const start = mod.default ?? (mod as unknown as (c: { port: number; host: string }) => Promise<Server>);
  const host = opts.host ?? '127.0.0.1';
  if (opts.port === 0) {
    // It listens itself; find a free port first.
    const net = await import('node:net');
    const probe = net.createServer();
    const port = await listen(probe, 0, host);
    await new Promise((r) => probe.close(r));
    const server = await start({ port, host });
    return { url: `http://${host}:${port}`, port, close: closer(server) };
  }
  const server = await start({ port: opts.port, host });
  return { url: `http://${host}:${opts.port}`, port: opts.port, close: closer(server) };
}

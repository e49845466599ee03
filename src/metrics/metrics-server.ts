import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { mayReadMetrics } from './metrics-access.rules';

/**
 * The worker has no HTTP app: this small server answers GET /metrics for it, with the API's access rule
 * (this machine, or METRICS_TOKEN as a bearer token).
 */
export async function serveMetrics(registry: Registry, port: number, token: string | null): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found: the worker serves GET /metrics only\n');
      return;
    }
    if (!mayReadMetrics({ remoteAddress: req.socket.remoteAddress, headers: req.headers }, token)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics are served to this machine, or with METRICS_TOKEN as a bearer token\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected\n'),
    );
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      listening();
    });
  });
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

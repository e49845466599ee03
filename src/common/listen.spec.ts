import { createServer, Server } from 'node:net';
import { assertPortFree, listenOrExplain, PortInUseError, reportStartupFailure } from './listen';

/** A real server holding a loopback port, so the failure is the operating system's, not a mock's. */
function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('starting on a port that is taken', () => {
  let held: { server: Server; port: number };
  beforeAll(async () => (held = await occupy()));
  afterAll(() => new Promise<void>((r) => held.server.close(() => r())));

  it('listenOrExplain turns EADDRINUSE into a message naming the port and how to choose another, in English and Vietnamese', async () => {
    const server = createServer();
    const listen = () => new Promise<void>((resolve, reject) => server.once('error', reject).listen(held.port, '127.0.0.1', () => resolve()));
    const failure = await listenOrExplain(listen, held.port, '127.0.0.1').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortInUseError);
    const message = (failure as Error).message;
    expect(message).toContain(`Port ${held.port} on 127.0.0.1 is already in use`);
    expect(message).toContain(`PORT=${held.port + 1} npm start`);
    expect(message).toContain(`Cổng ${held.port} trên 127.0.0.1 đang được dùng`);
  });

  it('the start exits with code 1 and prints that message alone, without a stack trace', async () => {
    const printed: unknown[] = [];
    const failure = await assertPortFree(held.port, '127.0.0.1').catch((e: unknown) => e);
    expect(reportStartupFailure(failure, [], (v) => printed.push(v))).toBe(1);
    expect(printed).toEqual([
      expect.stringMatching(
        new RegExp(`^Port ${held.port} on 127\\.0\\.0\\.1 is already in use[^]*Hãy tắt chương trình đó, hoặc chọn cổng khác: PORT=${held.port + 1} npm start$`),
      ),
    ]);
    expect(String(printed[0])).not.toMatch(/\n\s+at /);
  });

  it('other failures keep their details (they are for a developer)', async () => {
    const printed: unknown[] = [];
    const boom = new Error('boom');
    await expect(listenOrExplain(() => Promise.reject(boom), 1, '127.0.0.1')).rejects.toBe(boom);
    reportStartupFailure(boom, [], (v) => printed.push(v));
    expect(printed).toEqual([boom]);
  });

  it('a free port passes the early check', async () => {
    const { server, port } = await occupy();
    await new Promise<void>((r) => server.close(() => r()));
    await expect(assertPortFree(port, '127.0.0.1')).resolves.toBeUndefined();
  });
});

import { createServer } from 'node:net';

/**
 * Starting the HTTP server, with the failures a person can fix said plainly. Startup messages are printed
 * before any request (and any chosen language) exists, so they are written in English and Vietnamese.
 */
export class StartupError extends Error {}

export class PortInUseError extends StartupError {
  constructor(
    public readonly port: number,
    public readonly host: string,
  ) {
    const other = port === 65535 ? port - 1 : port + 1;
    super(
      [
        `Port ${port} on ${host} is already in use, by another program or another copy of this app.`,
        `Stop that program, or choose another port: PORT=${other} npm start`,
        `Cổng ${port} trên ${host} đang được dùng bởi một chương trình khác hoặc một bản khác của ứng dụng này.`,
        `Hãy tắt chương trình đó, hoặc chọn cổng khác: PORT=${other} npm start`,
      ].join('\n'),
    );
  }
}

export class PortNotAllowedError extends StartupError {
  constructor(port: number, host: string) {
    super(
      [
        `This user may not listen on ${host}:${port} (ports below 1024 need extra rights). Choose a port from 1024 up: PORT=3000 npm start`,
        `Người dùng này không được phép mở cổng ${host}:${port} (cổng dưới 1024 cần thêm quyền). Hãy chọn cổng từ 1024 trở lên: PORT=3000 npm start`,
      ].join('\n'),
    );
  }
}

/** Runs `listen` (e.g. Nest's app.listen) and turns "port taken" or "not allowed" into a StartupError. */
export async function listenOrExplain<T>(listen: () => Promise<T>, port: number, host: string): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'EADDRINUSE') throw new PortInUseError(port, host);
    if (code === 'EACCES') throw new PortNotAllowedError(port, host);
    throw error;
  }
}

/** Fails early, before starting anything else, when the port the app will use is taken. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return listenOrExplain(
    () =>
      new Promise<void>((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.once('error', reject);
        server.listen(port, host, () => server.close(() => resolve()));
      }),
    port,
    host,
  );
}

/**
 * What a failed start prints: the message alone for a problem the person can fix (a StartupError or any
 * error named in `explained`), the whole error otherwise. Returns the exit code.
 */
export function reportStartupFailure(error: unknown, explained: Array<new (...args: never[]) => Error> = [], write: (value: unknown) => void = console.error): number {
  const plain = error instanceof StartupError || explained.some((type) => error instanceof type);
  write(plain ? (error as Error).message : error);
  return 1;
}

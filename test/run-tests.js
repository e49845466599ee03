#!/usr/bin/env node
// `npm test`: every Jest project (unit, integration, browser). Integration and browser tests start real
// PostgreSQL and Redis themselves unless DATABASE_URL/REDIS_URL point at servers.
const { spawnSync } = require('node:child_process');
const args = ['--maxWorkers=2', ...process.argv.slice(2)];
// Deprecations are errors: pg's warning about a second query on a busy client (parallel queries on one
// transaction) then fails the test that caused it.
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --throw-deprecation`.trim() };
const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);

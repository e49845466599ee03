import { join } from 'node:path';

/** Entities are discovered by file name so features only need to follow the `*.entity.ts` convention. */
export const ENTITY_GLOBS = [join(__dirname, '..', '**', '*.entity.{ts,js}')];
export const MIGRATION_GLOBS = [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')];

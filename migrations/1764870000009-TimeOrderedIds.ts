import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row ids made by the database are time-ordered (UUID version 7), as those made by the code are
 * (src/database/row-id.ts): rows written close in time then share the right-hand pages of their id indexes
 * instead of each touching a random page, which after a checkpoint is logged whole. The generator is named as
 * uuid-ossp names its own (uuid_generate_v1…v5), which is also how TypeORM recognises a generated uuid column,
 * so the entities keep `@PrimaryGeneratedColumn('uuid')`. PostgreSQL 18 has uuidv7(); before 18 the same layout
 * is built from gen_random_uuid(): its first 48 bits replaced by the milliseconds, its version nibble set to 7.
 * Existing ids stay as they are; only the column defaults change (no row is rewritten).
 */
export class TimeOrderedIds1764870000009 implements MigrationInterface {
  name = 'TimeOrderedIds1764870000009';

  async up(q: QueryRunner): Promise<void> {
    const [{ server_version_num: version }] = await q.query(`SHOW server_version_num`);
    const body =
      Number(version) >= 180000
        ? `SELECT uuidv7()`
        : `SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;
    await q.query(`CREATE FUNCTION uuid_generate_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$ ${body} $$`);
    for (const { table_name: table, column_name: column } of await this.columnsDefaulting(q, 'gen_random_uuid()')) {
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET DEFAULT uuid_generate_v7()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table_name: table, column_name: column } of await this.columnsDefaulting(q, 'uuid_generate_v7()')) {
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET DEFAULT gen_random_uuid()`);
    }
    await q.query(`DROP FUNCTION uuid_generate_v7()`);
  }

  private columnsDefaulting(q: QueryRunner, generator: string): Promise<{ table_name: string; column_name: string }[]> {
    return q.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type = 'uuid' AND column_default = $1 ORDER BY table_name, column_name`,
      [generator],
    );
  }
}

import { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { toErrorBody } from '../../src/common/http/exception.filter';

describe('writes that collide in PostgreSQL', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = createDataSource(process.env.DATABASE_URL!, 4);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.query(`DELETE FROM case_number_counter WHERE prefix IN ('Y1', 'Y2')`);
    await ds.destroy();
  });

  it('answer a deadlock with 503 and a retry, and keep nothing of the loser', async () => {
    await ds.query(`INSERT INTO case_number_counter (prefix, year, last_value) VALUES ('Y1', 2026, 0), ('Y2', 2026, 0)`);
    const a = ds.createQueryRunner();
    const b = ds.createQueryRunner();
    const bump = (r: QueryRunner, prefix: string) => r.query(`UPDATE case_number_counter SET last_value = last_value + 1 WHERE prefix = $1 AND year = 2026`, [prefix]);
    try {
      await a.startTransaction();
      await b.startTransaction();
      await bump(a, 'Y1');
      await bump(b, 'Y2');
      // Each now waits for the row the other holds: PostgreSQL breaks the cycle by failing one of them; the other
      // goes on waiting until the loser's transaction is rolled back.
      const second = [bump(a, 'Y2'), bump(b, 'Y1')];
      const lost = await Promise.race(
        second.map((p, k) =>
          p.then(
            () => new Promise<never>(() => undefined),
            (error: unknown) => ({ k, error }),
          ),
        ),
      );
      const [loser, winner] = lost.k === 0 ? [a, b] : [b, a];
      await loser.rollbackTransaction();
      await second[1 - lost.k];
      await winner.commitTransaction();
      expect(toErrorBody(lost.error, 'en')).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'WRITE_COLLIDED',
        message: 'Another change to the same records was saved at the same moment, so nothing of this request was saved; send it again in 1 second(s)',
      });
      expect(toErrorBody(lost.error).message).toBe('Một thay đổi khác vào cùng dữ liệu được lưu đúng lúc này nên yêu cầu chưa được lưu; vui lòng gửi lại sau 1 giây');
      // The winner's two bumps are stored; the loser's first one went with its transaction.
      const rows = await ds.query(`SELECT last_value::int AS n FROM case_number_counter WHERE prefix IN ('Y1', 'Y2') ORDER BY prefix`);
      expect(rows).toEqual([{ n: 1 }, { n: 1 }]);
    } finally {
      for (const r of [a, b]) {
        if (r.isTransactionActive) await r.rollbackTransaction();
        await r.release();
      }
    }
  });
});

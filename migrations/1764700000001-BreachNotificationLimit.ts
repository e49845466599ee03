import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time limit for notifying a personal-data breach, as data beside the retention period: 72 hours from
 * detection (Law 91/2025/QH15 art. 23(1)), editable by administrators like every other limit.
 */
export class BreachNotificationLimit1764700000001 implements MigrationInterface {
  name = 'BreachNotificationLimit1764700000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO retention_policy (key, duration, legal_basis) VALUES
        ('BREACH_NOTIFICATION', 'PT72H', 'Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Điều 23 khoản 1: thông báo cơ quan chuyên trách bảo vệ dữ liệu cá nhân (Bộ Công an) trong 72 giờ kể từ khi phát hiện vi phạm; nội dung thông báo theo Nghị định 356/2025/NĐ-CP')
       ON CONFLICT (key) DO NOTHING`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM retention_policy WHERE key = 'BREACH_NOTIFICATION'`);
  }
}

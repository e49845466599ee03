import { DataSource } from 'typeorm';
import { GEOGRAPHY_SOURCE, loadOfficialGeography } from './geography.data';

/** Upserts the official geography; units that vanished stay (old cases may point at them). */
export async function syncGeography(dataSource: DataSource, log: (line: string) => void): Promise<void> {
  const { provinces, communes } = loadOfficialGeography();
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO province (code, name, kind, name_key)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, name_key = EXCLUDED.name_key`,
      [provinces.map((p) => p.code), provinces.map((p) => p.name), provinces.map((p) => p.kind), provinces.map((p) => p.nameKey)],
    );
    await manager.query(
      `INSERT INTO commune (code, province_code, name, name_key)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (code) DO UPDATE SET province_code = EXCLUDED.province_code, name = EXCLUDED.name, name_key = EXCLUDED.name_key`,
      [communes.map((c) => c.code), communes.map((c) => c.provinceCode), communes.map((c) => c.name), communes.map((c) => c.nameKey)],
    );
  });
  log(`geography: ${provinces.length} provinces, ${communes.length} communes from ${GEOGRAPHY_SOURCE}`);
}

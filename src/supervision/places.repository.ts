import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Province and commune facts the supervision filters are checked against. */
@Injectable()
export class PlacesRepository {
  async facts(manager: EntityManager, provinceCode?: string, communeCode?: string): Promise<{ provinceKnown: boolean; communeProvince: string | null }> {
    const [row] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM province WHERE code = $1) AS province_known,
              (SELECT province_code FROM commune WHERE code = $2) AS commune_province`,
      [provinceCode ?? null, communeCode ?? null],
    );
    return { provinceKnown: row.province_known === true, communeProvince: row.commune_province ?? null };
  }

  async name(manager: EntityManager, level: 'PROVINCE' | 'COMMUNE', code: string): Promise<string | null> {
    const table = level === 'PROVINCE' ? 'province' : 'commune';
    const [row] = await manager.query(`SELECT name FROM ${table} WHERE code = $1`, [code]);
    return row?.name ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Province } from './province.entity';
import { Commune } from './commune.entity';
import { BadRequestError, NotFoundError } from '../common/errors';
import { foldVietnamese } from '../kernel/normalise.rules';
import { CommuneQueryDto } from './dto/commune-query.dto';
import { isProvinceCode, provinceOfCommuneCode } from './place-names';

@Injectable()
export class GeographyService {
  constructor(private readonly dataSource: DataSource) {}

  listProvinces(): Promise<{ code: string; name: string }[]> {
    return this.dataSource.getRepository(Province).find({ select: { code: true, name: true }, order: { code: 'ASC' } });
  }

  async listCommunes(provinceCode: string): Promise<{ code: string; name: string }[]> {
    const province = await this.dataSource.getRepository(Province).findOneBy({ code: provinceCode });
    if (!province) throw new NotFoundError('PROVINCE_NOT_FOUND', { provinceCode });
    return this.dataSource.getRepository(Commune).find({
      select: { code: true, name: true },
      where: { provinceCode },
      order: { code: 'ASC' },
    });
  }

  /**
   * Communes whose name contains the text (folded: "ha tu" finds "Phường Hà Tu"), names starting with it first;
   * with only a province, all of its communes by name. Across the country the answer is capped.
   */
  async searchCommunes(query: CommuneQueryDto): Promise<{ code: string; name: string; provinceCode: string }[]> {
    const text = query.q ? foldVietnamese(query.q) : '';
    if (!text && !query.provinceCode) throw new BadRequestError('GEO_QUERY_REQUIRED');
    if (query.provinceCode && !(await this.dataSource.getRepository(Province).existsBy({ code: query.provinceCode }))) {
      throw new NotFoundError('PROVINCE_NOT_FOUND', { provinceCode: query.provinceCode });
    }
    const like = `%${text.replace(/[%_\\]/g, '\\$&')}%`;
    const rows: { code: string; name: string; province_code: string }[] = await this.dataSource.query(
      `SELECT code, name, province_code FROM commune
        WHERE ($1::text IS NULL OR province_code = $1) AND name_key LIKE $2
        ORDER BY CASE WHEN $3 = '' THEN 0 ELSE position($3 IN name_key) END, name_key, code
        LIMIT $4`,
      [query.provinceCode ?? null, like, text, query.provinceCode ? 500 : 20],
    );
    return rows.map((r) => ({ code: r.code, name: r.name, provinceCode: r.province_code }));
  }

  /** Checks a location against the official list; returns a problem a person can act on, or null. */
  // Intake checks every report's place: answered from the official list in memory (the tables are synced from it).
  async checkLocation(provinceCode: string | null | undefined, communeCode: string | null | undefined): Promise<string | null> {
    if (communeCode) {
      const communeProvince = provinceOfCommuneCode(communeCode);
      if (!communeProvince) return `location.communeCode ${communeCode} is not an official commune code`;
      if (provinceCode && communeProvince !== provinceCode) {
        return `location.communeCode ${communeCode} belongs to province ${communeProvince}, not ${provinceCode}`;
      }
      return null;
    }
    if (provinceCode && !isProvinceCode(provinceCode)) return `location.provinceCode ${provinceCode} is not an official province code`;
    return null;
  }

  async provinceOfCommune(communeCode: string): Promise<string | null> {
    return Promise.resolve(provinceOfCommuneCode(communeCode));
  }
}

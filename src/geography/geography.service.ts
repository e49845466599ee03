import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Province } from './province.entity';
import { Commune } from './commune.entity';
import { NotFoundError } from '../common/errors';

@Injectable()
export class GeographyService {
  constructor(private readonly dataSource: DataSource) {}

  listProvinces(): Promise<{ code: string; name: string }[]> {
    return this.dataSource.getRepository(Province).find({ select: { code: true, name: true }, order: { code: 'ASC' } });
  }

  async listCommunes(provinceCode: string): Promise<{ code: string; name: string }[]> {
    const province = await this.dataSource.getRepository(Province).findOneBy({ code: provinceCode });
    if (!province) throw new NotFoundError(`Province ${provinceCode} does not exist; see GET /api/v1/geo/provinces for the codes`);
    return this.dataSource.getRepository(Commune).find({
      select: { code: true, name: true },
      where: { provinceCode },
      order: { code: 'ASC' },
    });
  }

  /** Checks a location against the official list; returns a problem a person can act on, or null. */
  async checkLocation(provinceCode: string | null | undefined, communeCode: string | null | undefined): Promise<string | null> {
    if (communeCode) {
      const commune = await this.dataSource.getRepository(Commune).findOneBy({ code: communeCode });
      if (!commune) return `location.communeCode ${communeCode} is not an official commune code`;
      if (provinceCode && commune.provinceCode !== provinceCode) {
        return `location.communeCode ${communeCode} belongs to province ${commune.provinceCode}, not ${provinceCode}`;
      }
      return null;
    }
    if (provinceCode) {
      const province = await this.dataSource.getRepository(Province).findOneBy({ code: provinceCode });
      if (!province) return `location.provinceCode ${provinceCode} is not an official province code`;
    }
    return null;
  }

  async provinceOfCommune(communeCode: string): Promise<string | null> {
    const commune = await this.dataSource.getRepository(Commune).findOneBy({ code: communeCode });
    return commune?.provinceCode ?? null;
  }
}

import { IsEnum, IsOptional, Matches } from 'class-validator';
import { RiskLevel } from '../../cases/enums';
import { PageQuery } from '../../common/http/pagination';
import { AgencyType } from '../../referrals/enums';

export class OverdueQueryDto extends PageQuery {
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'provinceCode must be an official province code such as 22' })
  provinceCode?: string;

  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be an official commune code such as 06652' })
  communeCode?: string;

  /** Only referrals to agencies of this type. */
  @IsOptional()
  @IsEnum(AgencyType, { message: `agencyType must be one of ${Object.values(AgencyType).join(', ')}` })
  agencyType?: AgencyType;

  @IsOptional()
  @IsEnum(RiskLevel, { message: `risk must be one of ${Object.values(RiskLevel).join(', ')}` })
  risk?: RiskLevel;
}

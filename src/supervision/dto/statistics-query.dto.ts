import { IsEnum, IsOptional, IsString, Matches } from 'class-validator';
import { StatisticsFormat } from '../enums';

/** The period's dates are checked by parsePeriod (statistics.rules.ts), which says what to fix. */
export class StatisticsQueryDto {
  /** First day, YYYY-MM-DD (Vietnam); default the first of January of `to`'s year. */
  @IsOptional()
  @IsString({ message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  /** Last day included, YYYY-MM-DD (Vietnam); default today. */
  @IsOptional()
  @IsString({ message: 'to must be a date as YYYY-MM-DD' })
  to?: string;

  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit official province code (see GET /api/v1/geo/provinces)' })
  provinceCode?: string;

  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'communeCode must be a five-digit official commune code' })
  communeCode?: string;

  @IsOptional()
  @IsEnum(StatisticsFormat, { message: `format must be one of ${Object.values(StatisticsFormat).join(', ')}` })
  format?: StatisticsFormat;
}

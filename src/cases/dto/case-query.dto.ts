import { IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';
import { CaseStatus, RiskLevel } from '../enums';

export class CaseQueryDto extends PageQuery {
  @IsOptional()
  @IsEnum(CaseStatus, { message: `status must be one of ${Object.values(CaseStatus).join(', ')}` })
  status?: CaseStatus;

  @IsOptional()
  @IsEnum(RiskLevel, { message: `risk must be one of ${Object.values(RiskLevel).join(', ')}` })
  risk?: RiskLevel;

  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit official province code' })
  provinceCode?: string;

  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'communeCode must be a five-digit official commune code' })
  communeCode?: string;

  @IsOptional()
  @IsIn(['me'], { message: 'assignedTo accepts only "me"' })
  assignedTo?: 'me';

  /** `true`: only cases with an overdue deadline (of the case or of one of its referrals). */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  /**
   * Opaque position from a previous answer's `nextCursor`: the page after it, read from the index however deep
   * (instead of `page`, which reads and skips every earlier case).
   */
  @IsOptional()
  @IsString()
  @MaxLength(400, { message: 'cursor must be a value from nextCursor' })
  cursor?: string;

  /** Free text: case number, child or reporter name (with or without diacritics), phone. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

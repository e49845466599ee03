import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';
import { RiskLevel } from '../../cases/enums';
import { AgencyType, ReferralStatus } from '../enums';
import { MAX_OUTCOME_NOTE_LENGTH, MAX_REASON_LENGTH } from '../referral-lifecycle.rules';

const agencyTypes = Object.values(AgencyType).join(', ');

/** `POST /api/v1/cases/{id}/referrals`: refer the case by hand (also to re-route after a decline). */
export class AddReferralDto {
  @ApiProperty({ enum: AgencyType })
  @IsEnum(AgencyType, { message: `agencyType must be one of ${agencyTypes}` })
  agencyType: AgencyType;

  @ApiPropertyOptional({ description: "The agency instance; when absent, the one serving the child's commune, else province" })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be the id of an agency (GET /api/v1/admin/agencies)' })
  agencyId?: string;

  @ApiProperty({ description: 'Why the case is referred to this agency' })
  @IsString({ message: 'reason is required: say why the case is referred to this agency' })
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

/**
 * Body of the lifecycle actions. The reason and outcome are checked by the lifecycle rules after the state,
 * so that a client learns first whether the action is possible at all.
 */
export class ReferralActionDto {
  @ApiPropertyOptional({ description: 'The referral version the client last read (or send If-Match); a different current version is a 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ReasonActionDto extends ReferralActionDto {
  @ApiProperty({ description: 'Why (at least 5 characters)' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

export class OutcomeDto {
  @ApiProperty({ description: "An outcome code of the referral's agency type (REFERRAL_OUTCOME_CODES)" })
  @IsOptional()
  @IsString({ message: 'outcome.code must be text' })
  @MaxLength(100)
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'outcome.note must be text' })
  @MaxLength(MAX_OUTCOME_NOTE_LENGTH)
  note?: string;
}

export class CompleteReferralDto extends ReferralActionDto {
  @ApiProperty({ type: OutcomeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutcomeDto)
  outcome?: OutcomeDto;
}

/** Everything an action body may carry, as the service reads it. */
export interface ReferralActionBody {
  expectedVersion?: number;
  reason?: string;
  outcome?: { code?: string; note?: string };
}

export class ReferralQueryDto extends PageQuery {
  @IsOptional()
  @IsEnum(ReferralStatus, { message: `status must be one of ${Object.values(ReferralStatus).join(', ')}` })
  status?: ReferralStatus;

  @IsOptional()
  @IsEnum(RiskLevel, { message: `risk must be one of ${Object.values(RiskLevel).join(', ')}` })
  risk?: RiskLevel;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only referrals with an overdue deadline' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a case id' })
  caseId?: string;
}

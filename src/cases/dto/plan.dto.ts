import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AgencyType } from '../../kernel/enums';
import { EmergencyMeasureType } from '../enums';
import { ExpectedVersionDto } from './expected-version.dto';

// Presence and dates are checked by validatePlan (case-state-machine.rules.ts), which lists every problem at once.

export class PlanItemDto {
  @ApiProperty({ example: 'Psychological counselling' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  service?: string;

  @ApiPropertyOptional({ enum: EmergencyMeasureType, description: 'the intervention measure of Law on Children art. 50(2) the service carries out' })
  @IsOptional()
  @IsEnum(EmergencyMeasureType, { message: `measureType must be one of ${Object.values(EmergencyMeasureType).join(', ')}` })
  measureType?: EmergencyMeasureType;

  @ApiPropertyOptional({ enum: AgencyType })
  @IsOptional()
  @IsEnum(AgencyType, { message: `responsibleAgencyType must be one of ${Object.values(AgencyType).join(', ')}` })
  responsibleAgencyType?: AgencyType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  responsiblePerson?: string;

  @ApiProperty({ example: '2026-12-15', description: 'YYYY-MM-DD, not before today' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  dueDate?: string;
}

/** `POST /api/v1/cases/{id}/plan`: a new version of the support/intervention plan. */
export class SubmitPlanDto extends ExpectedVersionDto {
  @ApiProperty({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  goals?: string[];

  @ApiProperty({ type: [PlanItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items?: PlanItemDto[];
}

/** `POST /api/v1/cases/{id}/plan/return` `{ "reason": "…" }`. */
export class ReturnPlanDto extends ExpectedVersionDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'reason is required: say what the worker must change' })
  @MaxLength(5000)
  reason: string;
}

/** `POST /api/v1/cases/{id}/plan/approve`: approves a revision submitted during the intervention. */
export class ApprovePlanDto extends ExpectedVersionDto {}

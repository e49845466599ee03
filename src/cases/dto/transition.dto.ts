import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { CaseStatus, ClosureReason, ProtectionLevel, RiskLevel } from '../enums';
import { ExpectedVersionDto } from './expected-version.dto';

// Fields are optional here: which ones a step needs is the state machine's call, and its message names them.

export class AssessmentDto {
  @ApiProperty({ enum: RiskLevel })
  @IsOptional()
  @IsEnum(RiskLevel, { message: `assessment.riskLevel must be one of ${Object.values(RiskLevel).join(', ')}` })
  riskLevel?: RiskLevel;

  @ApiProperty({ description: 'Whether the information was verified: abuse happened or the child is at risk' })
  @IsOptional()
  @IsBoolean()
  founded?: boolean;

  @ApiProperty()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  factorsChecked?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  childSafeNow?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  personsMet?: string[];

  @ApiPropertyOptional({ enum: ProtectionLevel })
  @IsOptional()
  @IsEnum(ProtectionLevel, { message: `assessment.protectionLevel must be one of ${Object.values(ProtectionLevel).join(', ')}` })
  protectionLevel?: ProtectionLevel;
}

export class ClosureDto {
  @ApiProperty({ enum: ClosureReason })
  @IsOptional()
  @IsEnum(ClosureReason, { message: `closure.reason must be one of ${Object.values(ClosureReason).join(', ')}` })
  reason?: ClosureReason;

  @ApiProperty()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class ReviewItemDto {
  @ApiProperty({ description: 'Position (from 0) of the plan item reviewed' })
  @IsOptional()
  @IsInt()
  @Min(0)
  index?: number;

  @ApiProperty()
  @IsOptional()
  @IsBoolean()
  done?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReviewDto {
  @ApiProperty()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @ApiPropertyOptional({ type: [ReviewItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReviewItemDto)
  items?: ReviewItemDto[];

  @ApiPropertyOptional({ description: 'Another intervention round (true) or ready to close (false)' })
  @IsOptional()
  @IsBoolean()
  nextRound?: boolean;
}

/**
 * `POST /api/v1/cases/{id}/transitions`. Examples: `{ "to": "ASSESSING" }`;
 * `{ "to": "PLANNING", "assessment": { "riskLevel": "HIGH", "founded": true, "summary": "…" } }`;
 * `{ "to": "CLOSED", "closure": { "reason": "UNFOUNDED", "note": "…" } }`.
 */
export class TransitionDto extends ExpectedVersionDto {
  @ApiProperty({ enum: CaseStatus })
  @IsOptional()
  @IsEnum(CaseStatus, { message: `to must be one of ${Object.values(CaseStatus).join(', ')}` })
  to?: CaseStatus;

  @ApiPropertyOptional({ type: AssessmentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AssessmentDto)
  assessment?: AssessmentDto;

  @ApiPropertyOptional({ type: ClosureDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClosureDto)
  closure?: ClosureDto;

  @ApiPropertyOptional({ type: ReviewDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReviewDto)
  review?: ReviewDto;

  @ApiPropertyOptional({ description: 'Required to reopen a closed case (CLOSED → ASSESSING)' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reopenReason?: string;
}

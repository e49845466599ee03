import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AbuseType } from '../../intake/enums';
import { RiskLevel } from '../../cases/enums';
import { AgencyType } from '../enums';

/** For the OpenAPI document only: rule bodies are checked by validateRoutingRule, whose messages admins see. */
export class RoutingConditionDoc {
  @ApiPropertyOptional({ enum: AbuseType, isArray: true, description: "Matches when any of the case's abuse types is listed" })
  abuseTypesAny?: AbuseType[];

  @ApiPropertyOptional({ enum: RiskLevel, description: 'Matches when the risk is at least this' })
  minRisk?: RiskLevel;

  @ApiPropertyOptional()
  immediateDanger?: boolean;

  @ApiPropertyOptional() childMaxAge?: number;
  @ApiPropertyOptional() childMinAge?: number;
  @ApiPropertyOptional() childHasDisability?: boolean;
  @ApiPropertyOptional() childInSchool?: boolean;
}

export class RoutingRuleBodyDoc {
  @ApiProperty() name: string;
  @ApiPropertyOptional() nameVi?: string;
  @ApiProperty({ type: RoutingConditionDoc }) condition: RoutingConditionDoc;
  @ApiProperty({ enum: AgencyType, isArray: true }) agencyTypes: AgencyType[];
  @ApiPropertyOptional({ default: true }) active?: boolean;
  @ApiPropertyOptional({ description: 'PUT only: the version the admin edited; another current version is a 409' }) expectedVersion?: number;
}

export class RoutingRuleQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Every version of every rule instead of the latest of each' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'history must be true or false' })
  history?: 'true' | 'false';
}

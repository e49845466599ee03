import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsEnum, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CallType, Channel } from '../enums';
import { ReportDto } from './report.dto';

const list = (e: object) => Object.values(e).join(', ');

export class CallDto {
  @IsEnum(CallType, { message: `callType must be one of ${list(CallType)}` })
  callType: CallType;

  @IsEnum(Channel, { message: `channel must be one of ${list(Channel)}` })
  channel: Channel;

  @IsOptional()
  @IsString()
  @MaxLength(30)
  callerPhone?: string;

  @IsDateString({ strict: true }, { message: 'startedAt must be an ISO 8601 date-time, e.g. 2026-11-22T08:00:00+07:00' })
  startedAt: string;

  @IsOptional()
  @IsDateString({ strict: true }, { message: 'endedAt must be an ISO 8601 date-time' })
  endedAt?: string;

  /** A counselling call where the operator sees risk to a child also becomes a report. */
  @IsOptional()
  @IsBoolean()
  riskFlagged?: boolean;

  @ValidateIf((c: CallDto) => c.callType === CallType.REPORT || (c.callType === CallType.COUNSELLING && c.riskFlagged === true) || c.report !== undefined)
  @ValidateNested()
  @Type(() => ReportDto)
  report?: ReportDto;

  /** Attach the report to this existing open case instead of opening a new one. */
  @IsOptional()
  @IsUUID('all', { message: 'linkToCaseId must be a case id (UUID)' })
  linkToCaseId?: string;

  /** For FOLLOW_UP calls: the case the caller asks about. */
  @IsOptional()
  @IsUUID('all', { message: 'relatedCaseId must be a case id (UUID)' })
  relatedCaseId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

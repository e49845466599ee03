import { Transform, Type } from 'class-transformer';
import { IsDateString, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LocationDto, ChildDto, ReporterDto } from './report.dto';

export class LookupQueryDto {
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(30)
  phone?: string;

  @IsOptional()
  @IsString()
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit official province code' })
  provinceCode?: string;

  /** The place: alone, the open cases of the commune; with a phone or a name, a filter on them. */
  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'communeCode must be a five-digit official commune code' })
  communeCode?: string;
}

export class CallsQueryDto {
  /** Calendar day in Vietnam time (YYYY-MM-DD); today by default. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a calendar day YYYY-MM-DD, e.g. 2026-11-22' })
  @IsDateString({ strict: true }, { message: 'date must be YYYY-MM-DD' })
  @Transform(({ value }) => value)
  date?: string;
}

/** A partial report, sent while the operator types, to get duplicate suggestions. */
export class DuplicateCheckDto {
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children?: ChildDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;

  @IsOptional()
  @IsString()
  @MaxLength(30)
  callerPhone?: string;
}

export class LinkReportDto {
  @IsUUID('all', { message: 'caseId must be a case id (UUID)' })
  caseId: string;

  @IsString()
  @MinLength(5, { message: 'reason must explain the link in at least 5 characters' })
  @MaxLength(1000)
  reason: string;
}

export class UnlinkReportDto {
  @IsString()
  @MinLength(5, { message: 'reason must explain the unlink in at least 5 characters' })
  @MaxLength(1000)
  reason: string;
}

export class TriageLocationDto extends LocationDto {
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  reason: string;
}

import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ReportDto } from './report.dto';

/** A public online report: the report fields plus a honeypot field people never see. */
export class OnlineReportDto extends ReportDto {
  /** Hidden on the form; bots fill it. Must stay empty. */
  @IsOptional() @IsString() @MaxLength(200)
  website?: string;
}

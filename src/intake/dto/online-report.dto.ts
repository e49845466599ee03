import { IsDateString, IsOptional, IsString, MaxLength } from 'class-validator';
import { ReportDto } from './report.dto';

/** A public online report: the report fields plus a honeypot field people never see. */
export class OnlineReportDto extends ReportDto {
  /** Hidden on the form; bots fill it. Must stay empty. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  website?: string;

  /**
   * When the form was shown (a hidden field the page fills in). A report sent within seconds of it was typed
   * by a script, not a person; it is refused with a request to check and send again, which a person can do.
   */
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'formStartedAt must be an ISO 8601 date-time' })
  formStartedAt?: string;
}

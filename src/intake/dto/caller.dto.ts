import { IsEnum, IsISO8601, IsString, MaxLength } from 'class-validator';
import { CallerFlagType } from '../enums';

export class CallerFlagDto {
  @IsEnum(CallerFlagType, { message: `type must be one of ${Object.values(CallerFlagType).join(', ')}` })
  type: CallerFlagType;

  /** What operators should know, in a few words; no personal data beyond what they need. */
  @IsString()
  @MaxLength(500)
  note: string;

  /** When the flag lapses (at most 90 days ahead), e.g. 2026-12-31T23:59:00+07:00. */
  @IsISO8601({ strict: true }, { message: 'until must be an ISO-8601 date-time, e.g. 2026-12-31T23:59:00+07:00' })
  until: string;
}

import { IsISO8601, IsString, Matches, MaxLength } from 'class-validator';

export class AccessGrantDto {
  /** Who gets access: a case worker or supervisor outside the case's jurisdiction. */
  @IsString({ message: 'username must be the grantee’s username' })
  @Matches(/\S/, { message: 'username must not be empty' })
  @MaxLength(100)
  username: string;

  /** When the access ends, ISO-8601 with a time zone, e.g. 2026-12-31T17:00:00+07:00 (at most 30 days ahead). */
  @IsISO8601({ strict: true }, { message: 'until must be a date and time such as 2026-12-31T17:00:00+07:00' })
  until: string;

  @IsString({ message: 'reason must say why the access is needed' })
  @MaxLength(1000, { message: 'reason must be at most 1000 characters' })
  reason: string;
}

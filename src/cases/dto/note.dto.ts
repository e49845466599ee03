import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { NoteType } from '../enums';
import { ExpectedVersionDto } from './expected-version.dto';

export const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

/** `POST /api/v1/cases/{id}/notes`. */
export class NoteDto extends ExpectedVersionDto {
  @ApiProperty({ enum: NoteType })
  @IsEnum(NoteType, { message: `type must be one of ${Object.values(NoteType).join(', ')}` })
  type: NoteType;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text: string;

  @ApiProperty({ example: '2026-11-22T08:00:00+07:00' })
  @IsISO8601({ strict: true }, { message: 'occurredAt must be an ISO-8601 date-time, e.g. 2026-11-22T08:00:00+07:00' })
  @Matches(WITH_OFFSET, { message: 'occurredAt must carry a time zone (Z or +07:00)' })
  occurredAt: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { EmergencyMeasureType } from '../enums';
import { ExpectedVersionDto } from './expected-version.dto';
import { WITH_OFFSET } from './note.dto';

/** `POST /api/v1/cases/{id}/emergency-measures`. */
export class EmergencyMeasureDto extends ExpectedVersionDto {
  @ApiProperty({ enum: EmergencyMeasureType })
  @IsEnum(EmergencyMeasureType, { message: `measureType must be one of ${Object.values(EmergencyMeasureType).join(', ')}` })
  measureType: EmergencyMeasureType;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description: string;

  @ApiProperty({ example: '2026-11-22T08:00:00+07:00' })
  @IsISO8601({ strict: true }, { message: 'takenAt must be an ISO-8601 date-time, e.g. 2026-11-22T08:00:00+07:00' })
  @Matches(WITH_OFFSET, { message: 'takenAt must carry a time zone (Z or +07:00)' })
  takenAt: string;
}

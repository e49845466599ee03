import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ExpectedVersionDto } from './expected-version.dto';
import { WITH_OFFSET } from './note.dto';

/** An ISO-8601 date-time with its time zone, with messages naming the field. */
function DateTimeWithZone(field: string): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true }, { message: `${field} must be an ISO-8601 date-time, e.g. 2026-11-22T08:00:00+07:00` })(target, key);
    Matches(WITH_OFFSET, { message: `${field} must carry a time zone (Z or +07:00)` })(target, key);
  };
}

/** `POST /api/v1/cases/{id}/separations`: the commune chair's decision (Decree 56/2017 art. 32, Form 07). */
export class SeparationDto extends ExpectedVersionDto {
  @ApiProperty({ example: 'Nguyễn Văn A, Chủ tịch UBND xã' })
  @IsString()
  @IsNotEmpty({ message: 'decidedBy is required: the name and title of the commune chair who decided' })
  @MaxLength(300)
  decidedBy: string;

  @ApiPropertyOptional({ example: '12/QĐ-UBND' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  decisionNumber?: string;

  @ApiProperty({ example: '2026-11-22T08:00:00+07:00' })
  @DateTimeWithZone('decidedAt')
  decidedAt: string;

  @ApiPropertyOptional({ description: 'when the separation starts; default decidedAt' })
  @IsOptional()
  @DateTimeWithZone('startsAt')
  startsAt?: string;

  @ApiProperty({ description: 'until when; at most the legal limit (15 days) unless an authority asked to extend it' })
  @DateTimeWithZone('endsAt')
  endsAt: string;

  @ApiProperty({ example: 'Nhà bà ngoại, thôn 3' })
  @IsString()
  @IsNotEmpty({ message: 'placement is required: where the child is placed meanwhile' })
  @MaxLength(1000)
  placement: string;

  @ApiPropertyOptional({ example: 'Cha đẻ' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  separatedFrom?: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'reason is required: why the child cannot stay with the parents or carer' })
  @MaxLength(5000)
  reason: string;
}

/** `POST /api/v1/cases/{id}/separations/{separationId}/end`. */
export class EndSeparationDto extends ExpectedVersionDto {
  @ApiProperty({ example: '2026-12-01T08:00:00+07:00' })
  @DateTimeWithZone('endedAt')
  endedAt: string;

  @ApiProperty({ example: 'Đánh giá lại (Mẫu 03): gia đình đã bảo đảm an toàn cho trẻ' })
  @IsString()
  @IsNotEmpty({ message: 'reason is required, e.g. the new assessment that found the family safe again' })
  @MaxLength(5000)
  reason: string;
}

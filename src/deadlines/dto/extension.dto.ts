import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** `POST /api/v1/referrals/{id}/extensions`: the police extend the time to decide on a crime report. */
export class ExtensionDto {
  @ApiProperty({ example: 'Vụ việc phức tạp, cần giám định pháp y bổ sung' })
  @IsString()
  @IsNotEmpty({ message: 'reason is required: why the decision needs more time' })
  @MinLength(10, { message: 'reason must be at least 10 characters' })
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ example: 'Quyết định gia hạn số 05/QĐ-VKS ngày 20/04/2026', description: 'required for the second extension (the procuracy)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  procuracyApproval?: string;
}

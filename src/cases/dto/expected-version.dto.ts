import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Every write to a case may carry the version the client saw (or send it as `If-Match`). */
export class ExpectedVersionDto {
  @ApiPropertyOptional({ description: 'The case version the client last read; a different current version is a 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class HolidaysQueryDto {
  /** Only this year's entries (listing), or replace only this year's entries (PUT). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year must be a year such as 2027' })
  @Min(2000)
  @Max(2100)
  year?: number;
}

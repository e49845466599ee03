import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CommuneQueryDto {
  /** Part of the name, with or without diacritics ("ha tu", "Hà Tu"). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit official province code' })
  provinceCode?: string;
}

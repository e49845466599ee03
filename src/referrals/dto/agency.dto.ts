import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { AgencyType } from '../enums';

export class CreateAgencyDto {
  @IsEnum(AgencyType, { message: `type must be one of ${Object.values(AgencyType).join(', ')}` })
  type: AgencyType;

  @IsString()
  @MinLength(2)
  @MaxLength(300)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(8)
  provinceCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(8)
  communeCode?: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;
}

export class UpdateAgencyDto {
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  name?: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AbuseSetting, AbuseType, Relation, Sex } from '../enums';
import { RiskLevel } from '../../cases/enums';

const list = (e: object) => Object.values(e).join(', ');

export class ReporterDto {
  @IsOptional()
  @IsBoolean({ message: 'reporter.anonymous must be true or false' })
  anonymous?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string;

  @IsOptional()
  @IsEnum(Relation, { message: `relationToChild must be one of ${list(Relation)}` })
  relationToChild?: Relation;

  /** The reporter agrees that police may see who they are (product.md §5). */
  @IsOptional()
  @IsBoolean()
  consentToShareWithPolice?: boolean;
}

export class ChildDto {
  @ValidateIf((c: ChildDto) => !c.description)
  @IsString({ message: 'fullName or description is required for each child' })
  @MaxLength(200)
  fullName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsEnum(Sex, { message: `sex must be one of ${list(Sex)}` })
  sex?: Sex;

  @IsOptional()
  @IsInt({ message: 'age must be a whole number of years' })
  @Min(0)
  @Max(17, { message: 'age must be 17 or less (a child in this system is under 18)' })
  age?: number;

  @IsOptional()
  @IsInt()
  @Min(1990)
  @Max(2100)
  birthYear?: number;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  ethnicity?: string;

  @IsOptional()
  @IsBoolean()
  hasDisability?: boolean;

  @IsOptional()
  @IsBoolean()
  inSchool?: boolean;

  /** Special-circumstance tags (Law on Children art. 10). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  circumstances?: string[];
}

export class LocationDto {
  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'location.provinceCode must be a two-digit official province code (see GET /api/v1/geo/provinces)' })
  provinceCode?: string;

  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'location.communeCode must be a five-digit official commune code' })
  communeCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

export class PerpetratorDto {
  @IsOptional()
  @IsEnum(Relation, { message: `relationToChild must be one of ${list(Relation)}` })
  relationToChild?: Relation;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  fullName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

/** The report of product.md §11, shared by hotline calls and online reports. */
export class ReportDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;

  @IsArray({ message: 'children must be a list with at least one child' })
  @ArrayMinSize(1, { message: 'children must name at least one child (a name or a description)' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children: ChildDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @IsArray({ message: 'abuseTypes must be a list' })
  @ArrayMinSize(1, { message: 'abuseTypes must name at least one form of abuse (OTHER if unsure)' })
  @ArrayUnique()
  @IsEnum(AbuseType, { each: true, message: `each abuseTypes value must be one of ${list(AbuseType)}` })
  abuseTypes: AbuseType[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PerpetratorDto)
  perpetrators?: PerpetratorDto[];

  @IsOptional()
  @IsString()
  @MaxLength(10000, { message: 'narrative must be at most 10000 characters' })
  narrative?: string;

  @IsOptional()
  @IsBoolean({ message: 'immediateDanger must be true or false' })
  immediateDanger?: boolean;

  /** Where the abuse happened (indicator 0101 of Circular 13/2021); UNKNOWN when not said. */
  @IsOptional()
  @IsEnum(AbuseSetting, { message: `setting must be one of ${list(AbuseSetting)}` })
  setting?: AbuseSetting;

  /** The operator's first guess; defaults from immediateDanger and the abuse types. */
  @IsOptional()
  @IsEnum(RiskLevel, { message: `riskLevel must be one of ${list(RiskLevel)}` })
  riskLevel?: RiskLevel;
}

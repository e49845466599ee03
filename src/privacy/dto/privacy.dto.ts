import { IsDateString, IsEnum, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ConsentGiver, Disclosure, LawRequiringDisclosure } from '../enums';

export class ConsentDto {
  @IsUUID('all', { message: 'personId must be the id of a child of the case' })
  personId: string;

  @IsEnum(Disclosure, { message: `disclosure must be one of ${Object.values(Disclosure).join(', ')}` })
  disclosure: Disclosure;

  @IsEnum(ConsentGiver, { message: `givenBy must be one of ${Object.values(ConsentGiver).join(', ')}` })
  givenBy: ConsentGiver;

  /** The legal representative's name; for the child, leave it out (the child is the person). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  givenByName?: string;

  @IsISO8601({ strict: true }, { message: 'givenAt must be a date and time such as 2026-11-22T08:00:00+07:00' })
  givenAt: string;
}

export class WithdrawConsentDto {
  @IsOptional()
  @IsDateString({}, { message: 'withdrawnAt must be a date and time such as 2026-11-22T08:00:00+07:00' })
  withdrawnAt?: string;
}

export class DisclosureDto {
  @IsUUID('all', { message: 'personId must be the id of a child of the case' })
  personId: string;

  @IsEnum(Disclosure, { message: `disclosure must be one of ${Object.values(Disclosure).join(', ')}` })
  disclosure: Disclosure;

  @IsString()
  @MinLength(2, { message: 'recipient must name who receives the data' })
  @MaxLength(200)
  recipient: string;

  /** When a law requires the disclosure, consent is not asked; the law is recorded instead. */
  @IsOptional()
  @IsEnum(LawRequiringDisclosure, { message: `lawRequires must be one of ${Object.values(LawRequiringDisclosure).join(', ')}` })
  lawRequires?: LawRequiringDisclosure;
}

export class RetentionPolicyDto {
  @Matches(/^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, { message: 'duration must be an ISO-8601 period of years, months, weeks or days, e.g. P5Y' })
  duration: string;

  @IsString()
  @MinLength(5, { message: 'legalBasis must name the act and article the period follows' })
  @MaxLength(500)
  legalBasis: string;
}

export class BreachLimitDto {
  @Matches(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/, { message: 'duration must be an ISO-8601 duration of days and hours, e.g. PT72H' })
  duration: string;

  @IsString()
  @MinLength(5, { message: 'legalBasis must name the act and article the limit follows' })
  @MaxLength(500)
  legalBasis: string;
}

export class PeriodQuery {
  @IsISO8601({ strict: true }, { message: 'from must be a date and time such as 2026-11-22T00:00:00+07:00' })
  from: string;

  @IsISO8601({ strict: true }, { message: 'to must be a date and time such as 2026-11-23T00:00:00+07:00' })
  to: string;

  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';

  /** When the breach was detected: the answer then says by when the authority must be notified. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'detectedAt must be a date and time such as 2026-11-23T08:00:00+07:00' })
  detectedAt?: string;
}

import { IsOptional, IsString, MaxLength } from 'class-validator';

export class NudgeDto {
  /** A note for the referral's history (not sent by email/SMS, which carry no case details). */
  @IsOptional()
  @IsString({ message: 'message must be text' })
  @MaxLength(500, { message: 'message must be at most 500 characters' })
  message?: string;
}

import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';
import { DeadlineKey, DeadlineStatus, DeadlineSubjectType } from '../enums';

export class DeadlineQueryDto extends PageQuery {
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a case id (UUID)' })
  caseId?: string;

  /** true: past due (OVERDUE, or PENDING whose due time has passed); false: everything else. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @IsOptional()
  @IsEnum(DeadlineStatus, { message: `status must be one of ${Object.values(DeadlineStatus).join(', ')}` })
  status?: DeadlineStatus;

  @IsOptional()
  @IsEnum(DeadlineKey, { message: `key must be one of ${Object.values(DeadlineKey).join(', ')}` })
  key?: DeadlineKey;

  @IsOptional()
  @IsEnum(DeadlineSubjectType, { message: `subjectType must be one of ${Object.values(DeadlineSubjectType).join(', ')}` })
  subjectType?: DeadlineSubjectType;
}

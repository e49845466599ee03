import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

export class AuditQueryDto extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subjectType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  subjectId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;

  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO date-time' })
  from?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO date-time' })
  to?: Date;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ExpectedVersionDto } from './expected-version.dto';

/** `POST /api/v1/cases/{id}/assignment` `{ "assigneeUsername": "worker.qn" }`. */
export class AssignmentDto extends ExpectedVersionDto {
  @ApiProperty({ example: 'worker.qn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  assigneeUsername: string;
}

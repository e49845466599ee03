import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { FormFormat } from '../form-document';

export class FormQueryDto {
  @ApiPropertyOptional({ enum: FormFormat, default: FormFormat.PDF, description: 'pdf to print, docx to edit and sign' })
  @IsOptional()
  @IsEnum(FormFormat, { message: `format must be one of ${Object.values(FormFormat).join(', ')} (pdf to print, docx to edit and sign)` })
  format?: FormFormat;
}

import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { FormQueryDto } from './dto/form-query.dto';
import { FORM_CODES, FormFormat } from './form-document';
import { FormsService } from './forms.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  /** An official form of Decree 56/2017 filled from the case: PDF to print, DOCX to edit and sign. */
  @Get(':id/forms/:form')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  @ApiParam({ name: 'form', enum: FORM_CODES })
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async download(
    @CurrentUser() user: Principal,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Param('form') form: string,
    @Query() query: FormQueryDto,
    @RequestContext() meta: RequestMeta,
  ) {
    const file = await this.forms.render(user, id, form, query.format ?? FormFormat.PDF, meta);
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: file.body.length });
  }
}

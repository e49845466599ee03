import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { GeographyService } from './geography.service';
import { CommuneQueryDto } from './dto/commune-query.dto';

@ApiTags('geography')
@Controller('api/v1/geo')
export class GeographyController {
  constructor(private readonly geography: GeographyService) {}

  /** Public: the online report form needs the lists without a login. */
  @Get('provinces')
  @Allow('PUBLIC')
  async provinces() {
    return { items: await this.geography.listProvinces() };
  }

  @Get('provinces/:code/communes')
  @Allow('PUBLIC')
  async communes(@Param('code') code: string) {
    return { items: await this.geography.listCommunes(code) };
  }

  /** Communes by name (diacritics optional) within a province, or across the country: the place pickers use it. */
  @Get('communes')
  @Allow('PUBLIC')
  async searchCommunes(@Query() query: CommuneQueryDto) {
    return { items: await this.geography.searchCommunes(query) };
  }
}

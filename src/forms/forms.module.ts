import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { FormsController } from './forms.controller';
import { FormsRepository } from './forms.repository';
import { FormsService } from './forms.service';

/** The official forms of Decree 56/2017, filled from a case. */
@Module({
  imports: [CasesModule],
  controllers: [FormsController],
  providers: [FormsService, FormsRepository],
})
export class FormsModule {}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BadRequestError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { caseEvent, CaseEventType, caseRef } from './case-events';
import { CaseRecordsRepository } from './case-records.repository';
import { NoteType } from './enums';
import { futureTimeProblem, refuseCaseWork } from './case-workflow.rules';
import { CaseWriter, refusalError } from './case-writer';
import { CasesService } from './cases.service';
import { NoteDto } from './dto/note.dto';

/** Visits, calls and meetings recorded on a case by its worker or a supervisor. */
@Injectable()
export class CaseNotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly records: CaseRecordsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async add(principal: Principal, id: string, dto: NoteDto, ifMatch: string | undefined, meta: RequestMeta) {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    const text = dto.text.trim();
    if (!text) throw new BadRequestError('NOTE_TEXT_REQUIRED');
    const now = this.clock.now();
    const occurredAt = new Date(dto.occurredAt);
    const problem = futureTimeProblem('occurredAt', occurredAt, now);
    if (problem) throw new BadRequestError({ code: 'TIME_IN_FUTURE', text: problem, params: { field: 'occurredAt' } });
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const refusal = refuseCaseWork(principal, c, 'NOTE');
      if (refusal) throw refusalError(refusal);
      const note = await this.records.addNote(manager, c.id, { type: dto.type, text, occurredAt }, principal.id);
      const updated = await this.writer.update(manager, c, {});
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [{ type: 'NOTE_ADDED', after: { noteId: note.id, noteType: note.type, occurredAt: note.occurredAt } }],
          // The note's text stays in the case; the audit trail says that it was written, not what.
          audit: { action: 'CASE_NOTE_ADDED', after: { noteId: note.id, noteType: note.type } },
          events:
            note.type === NoteType.REPORTER_NOTIFIED
              ? [caseEvent(CaseEventType.REPORTER_NOTIFIED, { ...caseRef(updated, principal.id, now), noteId: note.id, occurredAt: note.occurredAt.toISOString() })]
              : [],
        },
        meta,
      );
      return {
        id: note.id,
        type: note.type,
        text: note.text,
        occurredAt: note.occurredAt,
        author: principal.username,
        createdAt: note.createdAt,
        caseVersion: updated.version,
      };
    });
  }

  async list(principal: Principal, id: string, meta: RequestMeta) {
    const manager = this.dataSource.manager;
    const c = await this.cases.findReadable(manager, principal, id);
    const items = await this.records.notes(manager, c.id);
    await this.audit.record({ actor: principal, action: 'CASE_NOTES_READ', subjectType: 'CASE', subjectId: c.id, provinceCode: c.provinceCode, communeCode: c.communeCode, meta });
    return { items };
  }
}

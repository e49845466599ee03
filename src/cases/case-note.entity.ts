import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';
import { NoteType } from './enums';

/** A visit, call or meeting recorded on a case. */
@Entity('case_note')
@Check('chk_case_note_type', `type IN ('VISIT','CALL','MEETING','REPORTER_NOTIFIED','OTHER')`)
@Index('idx_case_note_case', ['caseId', 'occurredAt'])
export class CaseNote {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_note_case_id_fkey' })
  caseId: string;

  @Column({ type: 'text' })
  type: NoteType;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'case_note_author_id_fkey' })
  authorId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

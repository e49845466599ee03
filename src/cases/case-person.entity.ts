import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from './case.entity';
import { Person } from './person.entity';
import { CasePersonRole } from './enums';
import { Relation } from '../kernel/enums';

@Entity('case_person')
@Check('chk_case_person_role', `role IN ('CHILD','REPORTER','PERPETRATOR')`)
@Index('idx_case_person_case', ['caseId', 'role'])
@Index('idx_case_person_person', ['personId'])
@Index('idx_case_person_report', ['reportId'])
export class CasePerson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_person_case_id_fkey' })
  caseId: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Person, 'id', { name: 'case_person_person_id_fkey' })
  personId: string;

  @Column({ type: 'uuid', nullable: true })
  reportId: string | null;

  @Column({ type: 'text' })
  role: CasePersonRole;

  @Column({ type: 'text', nullable: true })
  relationToChild: Relation | null;

  /** A reporter may consent to police seeing their identity (product.md §5). */
  @Column({ type: 'boolean', default: false })
  consentToShareWithPolice: boolean;
}

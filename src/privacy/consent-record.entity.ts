import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../cases/case.entity';
import { Person } from '../cases/person.entity';

/** A person's consent to one kind of disclosure of their (a child's) data; withdrawn consent stays on record. */
@Entity('consent_record')
@Check('chk_consent_record_given_by', `given_by IN ('CHILD','LEGAL_REPRESENTATIVE')`)
@Index('idx_consent_record_case', ['caseId', 'personId'])
export class ConsentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'consent_record_case_id_fkey' })
  caseId: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Person, 'id', { name: 'consent_record_person_id_fkey' })
  personId: string;

  @Column({ type: 'text' })
  disclosure: string;

  /** The child (aged 7 or more) or the legal representative. */
  @Column({ type: 'text' })
  givenBy: string;

  @Column({ type: 'text', nullable: true })
  givenByName: string | null;

  @Column({ type: 'timestamptz' })
  givenAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../cases/case.entity';
import { Person } from '../cases/person.entity';

/** A disclosure of a person's data outside the case's handling, made after the consent check. */
@Entity('disclosure_record')
@Index('idx_disclosure_record_case', ['caseId'])
export class DisclosureRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'disclosure_record_case_id_fkey' })
  caseId: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Person, 'id', { name: 'disclosure_record_person_id_fkey' })
  personId: string;

  @Column({ type: 'text' })
  disclosure: string;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text', nullable: true })
  legalBasis: string | null;

  @Column({ type: 'uuid' })
  disclosedBy: string;

  @Column({ type: 'timestamptz' })
  disclosedAt: Date;
}

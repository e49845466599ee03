import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Case } from '../cases/case.entity';

/** How long identifying data of closed cases is kept: data with its legal basis, edited by administrators. */
@Entity('retention_policy')
export class RetentionPolicy {
  @PrimaryColumn({ type: 'text' })
  key: string;

  /** ISO 8601 duration after closure, e.g. P5Y. */
  @Column({ type: 'text' })
  duration: string;

  @Column({ type: 'text' })
  legalBasis: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}

/** A case whose identifying data was removed under the retention policy (statistics kept). */
@Entity('case_anonymisation')
export class CaseAnonymisation {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_anonymisation_case_id_fkey' })
  caseId: string;

  @Column({ type: 'timestamptz' })
  anonymisedAt: Date;

  @Column({ type: 'text' })
  policyDuration: string;
}

import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from './case.entity';

/** Temporary access to a case outside one's jurisdiction, granted (and recorded) by a supervisor. */
@Entity('case_access_grant')
@Index('idx_case_access_grant', ['caseId', 'granteeId'])
export class CaseAccessGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_access_grant_case_id_fkey' })
  caseId: string;

  @Column({ type: 'uuid' })
  granteeId: string;

  @Column({ type: 'uuid' })
  grantedBy: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

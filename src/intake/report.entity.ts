import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../cases/case.entity';
import { AbuseSetting, AbuseType, Channel } from './enums';

/** One notification or denunciation, as received. Always part of exactly one case. */
@Entity('report')
@Check('chk_report_setting', `setting IN ('FAMILY','SCHOOL','COMMUNITY','ONLINE','WORKPLACE','INSTITUTION','OTHER','UNKNOWN')`)
@Index('idx_report_case', ['caseId'])
@Index('idx_report_tracking', ['trackingCode'], { unique: true, where: 'tracking_code IS NOT NULL' })
@Index('idx_report_received', ['receivedAt'])
@Index('idx_report_call', ['callId'], { where: 'call_id IS NOT NULL' })
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'report_case_id_fkey' })
  caseId: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  callId: string | null;

  /** Who entered it: an operator, or null for the public online form. */
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'boolean', default: false })
  reporterAnonymous: boolean;

  @Column({ type: 'text', nullable: true })
  provinceCode: string | null;

  @Column({ type: 'text', nullable: true })
  communeCode: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  abuseTypes: AbuseType[];

  @Column({ type: 'text', nullable: true })
  narrative: string | null;

  /** Where the abuse happened (family, school, community, online…): indicator 0101's breakdown. */
  @Column({ type: 'text', default: 'UNKNOWN' })
  setting: AbuseSetting;

  @Column({ type: 'boolean', default: false })
  immediateDanger: boolean;

  /** Public follow-up code of an online report (unguessable, not sequential). */
  @Column({ type: 'text', nullable: true })
  trackingCode: string | null;

  /** How it joined its case: NEW_CASE or LINKED (to an existing open case). */
  @Column({ type: 'text', default: 'NEW_CASE' })
  linkKind: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

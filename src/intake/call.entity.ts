import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CallType, Channel } from './enums';

/** Every hotline call is logged, whatever it turns out to be. */
@Entity('hotline_call')
@Check('chk_call_type', `call_type IN ('REPORT','COUNSELLING','INFORMATION','FOLLOW_UP','SILENT','PRANK','WRONG_NUMBER')`)
@Index('idx_call_phone', ['callerPhone', 'startedAt'])
@Index('idx_call_operator', ['operatorId', 'startedAt'])
@Index('idx_call_started', ['startedAt'])
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  callType: CallType;

  @Column({ type: 'text' })
  channel: Channel;

  /** Normalised phone; null when withheld. */
  @Column({ type: 'text', nullable: true })
  callerPhone: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'uuid' })
  operatorId: string;

  /** The operator's hotline: null for the national 111, else the province. */
  @Column({ type: 'text', nullable: true })
  hotlineProvinceCode: string | null;

  @Column({ type: 'boolean', default: false })
  riskFlagged: boolean;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'uuid', nullable: true })
  reportId: string | null;

  /** For FOLLOW_UP calls: the case asked about. */
  @Column({ type: 'uuid', nullable: true })
  relatedCaseId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

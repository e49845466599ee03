import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';
import { EmergencyMeasureType, MEASURE_TYPES_SQL } from './enums';

/** An urgent protection measure (Law on Children art. 50): not a state, an event of any open case. */
@Entity('case_emergency_measure')
@Check('chk_case_emergency_measure_type', `measure_type IN (${MEASURE_TYPES_SQL})`)
@Index('idx_case_emergency_measure_case', ['caseId', 'takenAt'])
export class CaseEmergencyMeasure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_emergency_measure_case_id_fkey' })
  caseId: string;

  @Column({ type: 'text' })
  measureType: EmergencyMeasureType;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'timestamptz' })
  takenAt: Date;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'case_emergency_measure_recorded_by_fkey' })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyType } from '../kernel/enums';
import { CasePlan } from './case-plan.entity';
import { EmergencyMeasureType, MEASURE_TYPES_SQL } from './enums';

/** A service of a plan version: what, who provides it, by when. Reviews refer to items by position. */
@Entity('case_plan_item')
@Check('chk_case_plan_item_agency', `responsible_agency_type IN ('POLICE','HEALTH','EDUCATION','SOCIAL_SERVICES','JUSTICE','LOCAL_AUTHORITY')`)
@Check('chk_case_plan_item_measure_type', `measure_type IN (${MEASURE_TYPES_SQL})`)
@Index('idx_case_plan_item_plan', ['planId', 'position'], { unique: true })
export class CasePlanItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => CasePlan, 'id', { name: 'case_plan_item_plan_id_fkey' })
  planId: string;

  /** 0-based position in the plan. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  service: string;

  /** Which intervention measure of the law the service is (Law on Children art. 50(2)); null on older plans. */
  @Column({ type: 'text', nullable: true })
  measureType: EmergencyMeasureType | null;

  @Column({ type: 'text', nullable: true })
  responsibleAgencyType: AgencyType | null;

  @Column({ type: 'text', nullable: true })
  responsiblePerson: string | null;

  /** Calendar date (YYYY-MM-DD). */
  @Column({ type: 'date' })
  dueDate: string;
}

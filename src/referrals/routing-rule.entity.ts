import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { AgencyType } from './enums';
import { RoutingCondition } from './routing.rules';

/**
 * One version of a routing rule. Rows are never edited: a change is a new row with the same number and the
 * next version, and the previous one is deactivated, so a referral can always show the rule that produced it.
 */
@Entity('routing_rule')
@Check('chk_routing_rule_number', `number >= 1 AND version >= 1`)
@Check(
  'chk_routing_rule_agency_types',
  `cardinality(agency_types) > 0 AND agency_types <@ ARRAY['POLICE','HEALTH','EDUCATION','SOCIAL_SERVICES','JUSTICE','LOCAL_AUTHORITY']::text[]`,
)
@Index('idx_routing_rule_version', ['number', 'version'], { unique: true })
@Index('idx_routing_rule_active', ['number'], { unique: true, where: 'active' })
export class RoutingRuleVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  nameVi: string | null;

  @Column({ type: 'jsonb' })
  condition: RoutingCondition;

  @Column({ type: 'text', array: true })
  agencyTypes: AgencyType[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Null for the seeded defaults. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, 'id', { name: 'routing_rule_created_by_fkey' })
  createdBy: string | null;
}

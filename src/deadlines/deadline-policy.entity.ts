import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { RiskLevel } from '../cases/enums';
import { User } from '../identity/user.entity';
import { AgencyType } from '../referrals/enums';
import type { DeadlineBasis } from './deadline-policy.rules';
import { DEADLINE_KEYS_SQL, DeadlineKey, DeadlineKind } from './enums';

/**
 * One deadline policy per key (product.md §6, §8): seeded from DEFAULT_DEADLINE_POLICIES, then edited by
 * administrators. A change applies to deadlines created afterwards; each deadline keeps a snapshot.
 */
@Entity('deadline_policy')
@Check('chk_deadline_policy_key', `key IN (${DEADLINE_KEYS_SQL})`)
@Check('chk_deadline_policy_kind', `kind IN ('LEGAL','POLICY')`)
@Check('chk_deadline_policy_by_agency_type', `jsonb_typeof(by_agency_type) = 'object' AND jsonb_typeof(basis_by_agency_type) = 'object'`)
@Check('chk_deadline_policy_by_risk', `jsonb_typeof(by_risk) = 'object'`)
@Check('chk_deadline_policy_escalate_after', `jsonb_typeof(escalate_after) = 'array' AND jsonb_array_length(escalate_after) <= 2`)
export class DeadlinePolicyRow {
  @PrimaryColumn({ type: 'text' })
  key: DeadlineKey;

  /** ISO-8601 duration, e.g. "PT12H"; whole days ("P7D") when `workingDays`. */
  @Column({ type: 'text' })
  duration: string;

  @Column({ type: 'boolean' })
  workingDays: boolean;

  @Column({ type: 'jsonb' })
  byRisk: Partial<Record<RiskLevel, string>>;

  @Column({ type: 'jsonb' })
  escalateAfter: string[];

  /** LEGAL where a law sets the limit, POLICY for our own target. */
  @Column({ type: 'text' })
  kind: DeadlineKind;

  /** The act and article (or, for a target, what it rests on), shown with every deadline. */
  @Column({ type: 'text' })
  legalBasis: string;

  /** Limits for referrals to one agency type, replacing `duration` and `byRisk`. */
  @Column({ type: 'jsonb' })
  byAgencyType: Partial<Record<AgencyType, string>>;

  @Column({ type: 'jsonb' })
  basisByAgencyType: Partial<Record<AgencyType, DeadlineBasis>>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** The administrator of the last edit; null for the seeded defaults. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, 'id', { name: 'deadline_policy_updated_by_fkey' })
  updatedBy: string | null;

  @VersionColumn()
  version: number;
}

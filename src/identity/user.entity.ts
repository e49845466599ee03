import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { JurisdictionLevel, Role } from './enums';
import { Province } from '../geography/province.entity';
import { Commune } from '../geography/commune.entity';
import { Agency } from '../kernel/agency.entity';

@Entity('app_user')
@Check('chk_app_user_role', `role IN ('HOTLINE_OPERATOR','CASE_WORKER','AGENCY_OFFICER','SUPERVISOR','ADMIN')`)
@Check('chk_app_user_jurisdiction', `jurisdiction_level IN ('NATIONAL','PROVINCE','COMMUNE')`)
@Check(
  'chk_app_user_scope',
  `(jurisdiction_level = 'NATIONAL' AND province_code IS NULL AND commune_code IS NULL) OR
        (jurisdiction_level = 'PROVINCE' AND province_code IS NOT NULL AND commune_code IS NULL) OR
        (jurisdiction_level = 'COMMUNE' AND province_code IS NOT NULL AND commune_code IS NOT NULL)`,
)
@Check('chk_app_user_agency', `(role = 'AGENCY_OFFICER') = (agency_id IS NOT NULL)`)
@Index('idx_app_user_username', ['username'], { unique: true })
@Index('idx_app_user_agency', ['agencyId'], { where: 'agency_id IS NOT NULL' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  fullName: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'text' })
  jurisdictionLevel: JurisdictionLevel;

  @Column({ type: 'text', nullable: true })
  @ForeignKey(() => Province, 'code', { name: 'app_user_province_code_fkey' })
  provinceCode: string | null;

  @Column({ type: 'text', nullable: true })
  @ForeignKey(() => Commune, 'code', { name: 'app_user_commune_code_fkey' })
  communeCode: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => Agency, 'id', { name: 'app_user_agency_id_fkey' })
  agencyId: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** Preferred UI language: vi (default) or en. */
  @Column({ type: 'text', default: 'vi' })
  locale: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Raised to end every session of the user at once: tokens carry the epoch they were issued in. */
  @Column({ type: 'integer', default: 0 })
  sessionEpoch: number;

  /** TOTP secret, encrypted (see mfa-secret.ts); null until enrolment is confirmed. */
  @Column({ type: 'text', nullable: true })
  mfaSecret: string | null;

  /** A secret handed out but not yet confirmed with a code. */
  @Column({ type: 'text', nullable: true })
  mfaPendingSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  mfaEnabledAt: Date | null;

  /** The last time step a code was accepted for: a code is never accepted twice. */
  @Column({ type: 'bigint', nullable: true })
  mfaLastTimeStep: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

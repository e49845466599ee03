import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { AgencyType } from './enums';

/**
 * An agency instance (a commune's police, a province's social work centre…). Names are data, never code.
 * Identity (an officer's agency) and referrals both read it, so it sits in the kernel; the foreign keys name
 * the geography tables rather than import their entities, which sit above the kernel.
 */
@Entity('agency')
@Check('chk_agency_type', `type IN ('POLICE','HEALTH','EDUCATION','SOCIAL_SERVICES','JUSTICE','LOCAL_AUTHORITY')`)
@Index('idx_agency_geo', ['type', 'provinceCode', 'communeCode'])
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: AgencyType;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  @ForeignKey('province', 'code', { name: 'agency_province_code_fkey' })
  provinceCode: string | null;

  @Column({ type: 'text', nullable: true })
  @ForeignKey('commune', 'code', { name: 'agency_commune_code_fkey' })
  communeCode: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

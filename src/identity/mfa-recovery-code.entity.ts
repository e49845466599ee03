import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** A one-time code for signing in when the authenticator is lost; only its hash is kept. */
@Entity('mfa_recovery_code')
@Index('idx_mfa_recovery_code_user', ['userId'])
export class MfaRecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'mfa_recovery_code_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text' })
  codeHash: string;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * One refresh token of a sign-in (a family). Each use rotates it; presenting a used one again means it was
 * copied, so the whole family is revoked. Only a hash is kept.
 */
@Entity('refresh_token')
@Index('idx_refresh_token_hash', ['tokenHash'], { unique: true })
@Index('idx_refresh_token_family', ['familyId'])
@Index('idx_refresh_token_user', ['userId'], { where: 'revoked_at IS NULL' })
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'refresh_token_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

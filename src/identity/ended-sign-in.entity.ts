import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A sign-in (token family) ended before its tokens expire; see TokenDenylist. */
@Entity('ended_sign_in')
@Index('idx_ended_sign_in_expires', ['expiresAt'])
export class EndedSignIn {
  @PrimaryColumn({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'timestamptz' })
  endedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

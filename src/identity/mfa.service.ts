import { Inject, Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError, UnauthorizedError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { MfaRecoveryCode } from './mfa-recovery-code.entity';
import { User } from './user.entity';
import {
  decryptSecret,
  encryptSecret,
  hashRecoveryCode,
  isTotpCode,
  newRecoveryCode,
  RECOVERY_CODE_COUNT,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TOTP_TOLERANCE_SECONDS,
} from './mfa.rules';

const ISSUER = 'Bao ve tre em';

/** TOTP second factor (RFC 6238 through otplib): enrolment, confirmation, recovery codes, checks at sign-in. */
@Injectable()
export class MfaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new secret, shown this once; it only counts after a code from it is confirmed. */
  async enrol(actor: Principal, meta: RequestMeta): Promise<{ secret: string; otpauthUri: string }> {
    const repo = this.dataSource.getRepository(User);
    const user = await repo.findOneByOrFail({ id: actor.id });
    if (user.mfaSecret) throw new ConflictError('MFA_ALREADY_ENABLED');
    const secret = generateSecret();
    await repo.update({ id: user.id }, { mfaPendingSecret: encryptSecret(secret, this.config.mfaEncryptionKey) });
    await this.audit.record({ actor, action: 'MFA_ENROLMENT_STARTED', subjectType: 'USER', subjectId: user.id, meta });
    const otpauthUri = generateURI({ issuer: ISSUER, label: user.username, secret, period: TOTP_PERIOD_SECONDS, digits: TOTP_DIGITS });
    return { secret, otpauthUri };
  }

  async confirm(actor: Principal, otp: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const user = await repo.findOne({ where: { id: actor.id }, lock: { mode: 'pessimistic_write' } });
      if (!user?.mfaPendingSecret) throw new ConflictError('MFA_NOT_ENROLLING');
      const step = await this.matchingStep(decryptSecret(user.mfaPendingSecret, this.config.mfaEncryptionKey), otp, null);
      if (step === null) throw new UnauthorizedError('MFA_INVALID');
      await repo.update({ id: user.id }, { mfaSecret: user.mfaPendingSecret, mfaPendingSecret: null, mfaEnabledAt: this.clock.now(), mfaLastTimeStep: String(step) });
      await this.audit.record({ actor, action: 'MFA_ENABLED', subjectType: 'USER', subjectId: user.id, meta }, manager);
    });
  }

  /** A fresh set of recovery codes (the old ones stop working); shown this once, kept only as hashes. */
  async newRecoveryCodes(actor: Principal, meta: RequestMeta): Promise<{ codes: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(User).findOne({ where: { id: actor.id }, lock: { mode: 'pessimistic_write' } });
      if (!user?.mfaSecret) throw new ConflictError('MFA_NOT_ENABLED');
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
      const repo = manager.getRepository(MfaRecoveryCode);
      await repo.delete({ userId: user.id });
      await repo.insert(codes.map((code) => ({ userId: user.id, codeHash: hashRecoveryCode(code) })));
      await this.audit.record({ actor, action: 'MFA_RECOVERY_CODES_ISSUED', subjectType: 'USER', subjectId: user.id, after: { count: codes.length }, meta }, manager);
      return { codes };
    });
  }

  /** An administrator turns the factor off (lost phone): the user signs in with the password and enrols again. */
  async disable(actor: Principal, userId: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const user = await repo.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('USER_NOT_FOUND', { id: userId });
      await repo.update({ id: user.id }, { mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastTimeStep: null });
      await manager.getRepository(MfaRecoveryCode).delete({ userId: user.id });
      await this.audit.record({ actor, action: 'MFA_DISABLED', subjectType: 'USER', subjectId: user.id, before: { mfaEnabled: !!user.mfaSecret }, meta }, manager);
    });
  }

  /**
   * Checks the code given at sign-in: a current TOTP code (never one already used) or an unused recovery code.
   * Returns false when it does not match; runs in the sign-in's transaction so a code is spent exactly once.
   */
  async verifyAtSignIn(user: User, otp: string, manager: EntityManager): Promise<'TOTP' | 'RECOVERY_CODE' | null> {
    if (!user.mfaSecret) return null;
    if (isTotpCode(otp)) {
      const last = user.mfaLastTimeStep === null ? null : Number(user.mfaLastTimeStep);
      const step = await this.matchingStep(decryptSecret(user.mfaSecret, this.config.mfaEncryptionKey), otp.trim(), last);
      if (step === null) return null;
      // Conditional on the step still being older: two sign-ins racing with one code cannot both win.
      const result = await manager.query(`UPDATE app_user SET mfa_last_time_step = $2 WHERE id = $1 AND (mfa_last_time_step IS NULL OR mfa_last_time_step < $2) RETURNING id`, [
        user.id,
        step,
      ]);
      return (result[0] as unknown[]).length ? 'TOTP' : null;
    }
    const spent = await manager.getRepository(MfaRecoveryCode).update({ userId: user.id, codeHash: hashRecoveryCode(otp), usedAt: IsNull() }, { usedAt: this.clock.now() });
    return spent.affected ? 'RECOVERY_CODE' : null;
  }

  private async matchingStep(secret: string, otp: string, afterTimeStep: number | null): Promise<number | null> {
    if (!isTotpCode(otp)) return null;
    const result = await verify({
      secret,
      token: otp.trim(),
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      period: TOTP_PERIOD_SECONDS,
      digits: TOTP_DIGITS,
      ...(afterTimeStep !== null ? { afterTimeStep } : {}),
    });
    // A TOTP result names the time step it matched, which is what replay protection keeps.
    return result.valid ? ((result as { timeStep?: number }).timeStep ?? null) : null;
  }
}

import { SetMetadata } from '@nestjs/common';
import { Role } from './roles';

export const ALLOW_KEY = 'access:allow';
export type Audience = Role | 'PUBLIC' | 'AUTHENTICATED';

/**
 * Every route states who may call it. Routes without this decorator are refused (deny by default),
 * and a test fails when one is added.
 */
export const Allow = (...audience: Audience[]) => SetMetadata(ALLOW_KEY, audience);

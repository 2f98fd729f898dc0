import type { ApiModel } from './api-model.ts';
import { signHs256, tamperPayload, unsignedToken } from '../../../modules/01-rest-api/tests/support/jwt.ts';
import type { AuthPlan } from './request-plan.ts';

/** The Authorization header for an auth plan, and what SPEC.md makes of it. */

// Fixed, so a failing case replays the same token; no account and no task has this id.
export const NO_SUCH_USER = '00000000-0000-4000-8000-00000000dead';

/** valid: the fuzz user; rejected: SPEC says 401; odd: signed right, with claims SPEC says nothing about. */
export type AuthVerdict = 'valid' | 'rejected' | 'odd';

export function authorization(plan: AuthPlan, context: { model: ApiModel; jwtSecret: string }): { header: string | undefined; verdict: AuthVerdict } {
  const { user } = context.model;
  const now = Math.floor(Date.now() / 1000);
  const claims = (sub: string, extra: Record<string, unknown> = {}) => ({ sub, iat: now, exp: now + 600, ...extra });
  switch (plan.kind) {
    case 'user':
      return { header: `Bearer ${plan.token === 'issued' ? user.token : signHs256(claims(user.id), context.jwtSecret)}`, verdict: 'valid' };
    case 'rejected':
      return { header: plan.header, verdict: 'rejected' };
    case 'forged': {
      const token = {
        expired: () => signHs256(claims(user.id, { iat: now - 7200, exp: now - 3600 }), context.jwtSecret),
        'other-secret': () => signHs256(claims(user.id), `${context.jwtSecret}-but-not-quite`),
        'alg-none': () => unsignedToken(claims(user.id)),
        tampered: () => tamperPayload(user.token, claims(NO_SUCH_USER)),
      }[plan.forgery]();
      return { header: `Bearer ${token}`, verdict: 'rejected' };
    }
    case 'odd-claims':
      return { header: `Bearer ${signHs256(claims(NO_SUCH_USER, plan.claims), context.jwtSecret)}`, verdict: 'odd' };
    case 'unknown-user':
      return { header: `Bearer ${signHs256(claims(NO_SUCH_USER), context.jwtSecret)}`, verdict: 'odd' };
  }
}


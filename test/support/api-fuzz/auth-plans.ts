import fc from 'fast-check';
import { SQL_INJECTION } from './hostile-text.ts';
import { headerText } from './header-text.ts';
import type { Choices } from './choices.ts';
import type { AuthPlan } from './request-plan.ts';

const rejectedHeaders = fc.oneof(
  fc.constantFrom(
    undefined,
    '',
    'Bearer',
    'Bearer not-a-jwt',
    'Bearer a.b.c',
    'Bearer ..',
    'Basic dXNlcjpwYXNzd29yZA==',
    'Token abc',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.',
    'Bearer eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln',
  ),
  headerText({ maxLength: 40 }).map((text) => `Bearer ${text}`),
  headerText({ maxLength: 40 }),
);

/** Claims SPEC says nothing about: `sub` that is not a user id, or a claim missing. `undefined` drops it. */
const oddClaims = fc.oneof(
  fc
    .oneof(
      fc.constantFrom<unknown>('', 'not-a-uuid', 'urn:uuid:00000000-0000-0000-0000-000000000000', 42, 0, -1, null, true, [], {}, 'x'.repeat(5000), undefined),
      fc.constantFrom(...SQL_INJECTION),
      fc.string({ maxLength: 20 }),
    )
    .map((sub) => ({ sub })),
  fc.constantFrom({ exp: undefined }, { iat: undefined }, { exp: 'never' }, { iat: 'now' }, { nbf: 9_999_999_999 }),
);

const user = fc.constantFrom('issued' as const, 'self-signed' as const).map((token) => ({ kind: 'user' as const, token }));

export const authPlan: Choices<AuthPlan> = {
  valid: user,
  any: fc.oneof(
    { weight: 4, arbitrary: user },
    { weight: 2, arbitrary: rejectedHeaders.map((header) => ({ kind: 'rejected' as const, header })) },
    { weight: 2, arbitrary: fc.constantFrom('expired' as const, 'other-secret' as const, 'alg-none' as const, 'tampered' as const).map((forgery) => ({ kind: 'forged' as const, forgery })) },
    { weight: 2, arbitrary: oddClaims.map((claims) => ({ kind: 'odd-claims' as const, claims })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'unknown-user' as const }) },
  ),
};

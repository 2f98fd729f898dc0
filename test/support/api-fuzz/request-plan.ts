/**
 * A generated request, before it meets the server's state: ids, cursors, versions and replayed
 * keys are named symbolically ("the n-th live task") and resolved against the model when the
 * case runs, so a case stays meaningful while fast-check shrinks it.
 */

export type AuthPlan =
  /** The fuzz user: the token login issued, or one the fuzz signs itself (SPEC: accept any valid one). */
  | { kind: 'user'; token: 'issued' | 'self-signed' }
  /** Header values that can't carry a valid token: SPEC says 401. */
  | { kind: 'rejected'; header: string | undefined }
  /** Tokens SPEC names as invalid: 401. */
  | { kind: 'forged'; forgery: 'expired' | 'other-secret' | 'alg-none' | 'tampered' }
  /** Signed with the app's secret, but with claims SPEC says nothing about: only the invariants apply. */
  | { kind: 'odd-claims'; claims: Record<string, unknown> }
  /** A valid token for a user id that has no account. */
  | { kind: 'unknown-user' };

export type IdPlan =
  | { kind: 'live'; pick: number; upperCase: boolean }
  | { kind: 'deleted'; pick: number }
  | { kind: 'foreign' }
  | { kind: 'absent-uuid'; value: string }
  /** Well-formed text that is not a UUID, percent-encoded. */
  | { kind: 'not-uuid'; value: string }
  /** A percent-encoding no decoder accepts, sent as it is. */
  | { kind: 'broken-encoding'; raw: string };

export type QueryPlan =
  | { kind: 'param'; name: string; text: string }
  | { kind: 'issued-cursor'; pick: number }
  | { kind: 'broken-encoding'; name: string; raw: string };

export type BodyPlan =
  | { kind: 'valid'; value: Record<string, unknown> }
  | { kind: 'violation'; value: unknown; fields: string[] }
  /** Not JSON, or JSON the parser refuses (prototype poisoning): a 400 that names no field. */
  | { kind: 'malformed'; text: string }
  /** Over SPEC's 64 KiB. */
  | { kind: 'oversized' }
  /** The fuzz user's own email (maybe upper-cased) and password: login succeeds, register conflicts. */
  | { kind: 'own-credentials'; upperCase: boolean };

export type ContentTypePlan = 'json' | 'json-charset' | 'json-upper' | 'text-plain' | 'form' | 'none';

export type IfMatchPlan =
  | { kind: 'absent' }
  | { kind: 'current' }
  | { kind: 'star' }
  | { kind: 'other-version'; delta: number }
  | { kind: 'text'; text: string };

export type IdempotencyPlan =
  | { kind: 'absent' }
  | { kind: 'key'; text: string }
  | { kind: 'replay'; pick: number; sameBody: boolean }
  | { kind: 'invalid'; text: string };

export type RequestPlan =
  | { operation: 'GET /health' }
  | { operation: 'POST /auth/register' | 'POST /auth/login'; body: BodyPlan; contentType: ContentTypePlan }
  | { operation: 'POST /tasks'; auth: AuthPlan; body: BodyPlan; contentType: ContentTypePlan; idempotency: IdempotencyPlan }
  | { operation: 'GET /tasks'; auth: AuthPlan; query: QueryPlan[] }
  | { operation: 'GET /tasks/{id}'; auth: AuthPlan; id: IdPlan }
  | { operation: 'PATCH /tasks/{id}'; auth: AuthPlan; id: IdPlan; body: BodyPlan; contentType: ContentTypePlan; ifMatch: IfMatchPlan }
  | { operation: 'DELETE /tasks/{id}'; auth: AuthPlan; id: IdPlan; ifMatch: IfMatchPlan }
  | { operation: 'unknown route'; method: string; path: string; auth: AuthPlan };

export type OperationName = Exclude<RequestPlan['operation'], 'unknown route'>;

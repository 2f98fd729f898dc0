import { createHmac } from 'node:crypto';

/**
 * The grader signs its own tokens (expired, wrong secret, alg none) with node's crypto, so the
 * auth tests do not depend on the JWT library the learner chose.
 */
const b64url = (value: object | string): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export function signHs256(payload: object, secret: string): string {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export function unsignedToken(payload: object): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Same header and signature, payload changed: a tampered token. */
export function tamperPayload(token: string, changes: object): string {
  const [head, payload, signature] = token.split('.');
  const tampered = { ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')), ...changes };
  return `${head}.${b64url(tampered)}.${signature}`;
}

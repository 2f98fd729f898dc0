import type { ApiModel } from './api-model.ts';

/** What the fuzz sends through `app.inject()`. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: Buffer;
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Checks a 2xx against what SPEC says it must show, given the model before the request; returns what is wrong. */
export type SuccessCheck = (response: FuzzResponse, model: ApiModel) => string[];

/** Updates the model with whatever the server did, judged right or not: the next case meets that state. */
export type Learn = (response: FuzzResponse, model: ApiModel) => void;

/** What SPEC.md allows as the answer to one resolved request. */
export interface Expectation {
  /** The statuses SPEC allows; undefined when it says nothing definite, so only the invariants apply. */
  statuses?: number[];
  /** For a 400: the request parts that break their schema, each as the fields a validator must name. */
  invalidParts: string[][];
  /** A 400 may name no field: the body or URL did not parse, so there was nothing to validate. */
  unparsable: boolean;
  /** A /tasks route, whose 401s carry WWW-Authenticate. */
  guarded: boolean;
  onSuccess?: SuccessCheck;
  learn?: Learn;
}

export const header = (response: FuzzResponse, name: string): string | undefined => {
  const value = response.headers[name.toLowerCase()];
  return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value);
};

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

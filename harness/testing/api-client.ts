import type { FastifyInstance } from 'fastify';
import { NotImplementedError, NOT_IMPLEMENTED_CODE } from '../not-implemented.ts';
import { currentRequirement, specLink } from './requirement.ts';
import { gradedModule, type Exchange } from './trace.ts';

export interface ApiResponse<Body = any> extends Exchange {
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly body: Body;
  header(name: string): string | undefined;
}

export interface RequestOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** A raw payload sent as is (malformed JSON, oversized bodies). */
  readonly rawBody?: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Requests through Fastify's inject(): the whole stack but the socket. */
export class ApiClient {
  constructor(private readonly app: FastifyInstance) {}

  get<B = any>(url: string, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request('GET', url, undefined, options);
  }
  post<B = any>(url: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request('POST', url, body, options);
  }
  put<B = any>(url: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request('PUT', url, body, options);
  }
  patch<B = any>(url: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request('PATCH', url, body, options);
  }
  delete<B = any>(url: string, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request('DELETE', url, undefined, options);
  }

  async request<B>(method: Method, url: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse<B>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await this.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    return toApiResponse<B>({ method, url, requestBody: options.rawBody ?? body, ...(options.headers ? { requestHeaders: options.headers } : {}), status: response.statusCode, headers: response.headers, text: response.body });
  }
}

export function toApiResponse<B>(raw: {
  method: string;
  url: string;
  requestBody: unknown;
  requestHeaders?: Record<string, string>;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}): ApiResponse<B> {
  const headers = Object.fromEntries(Object.entries(raw.headers).map(([k, v]) => [k.toLowerCase(), typeof v === 'number' ? String(v) : v]));
  let body: any;
  try {
    body = raw.text ? JSON.parse(raw.text) : undefined;
  } catch {
    body = undefined;
  }
  const response: ApiResponse<B> = {
    method: raw.method,
    url: raw.url,
    requestBody: raw.requestBody,
    ...(raw.requestHeaders ? { requestHeaders: raw.requestHeaders } : {}),
    status: raw.status,
    contentType: String(headers['content-type'] ?? ''),
    text: raw.text,
    headers,
    body,
    header: (name) => {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
  throwIfNotImplemented(response);
  return response;
}

/**
 * A stub's handler answers 501 with code WB_NOT_IMPLEMENTED. Rethrow it here as the test's own
 * not-implemented error, naming the test's requirement first and the stub function it hit.
 */
function throwIfNotImplemented(response: ApiResponse): void {
  const body = response.body as { code?: string; message?: string } | undefined;
  if (response.status !== 501 || body?.code !== NOT_IMPLEMENTED_CODE) return;
  throw notImplementedForTest(`${response.method} ${response.url} answered 501: ${body.message ?? 'not implemented'}`);
}

export function notImplementedForTest(blocker: string): NotImplementedError {
  const requirement = currentRequirement();
  const module = gradedModule();
  return new NotImplementedError(
    module,
    requirement,
    blocker,
    `Not implemented yet: [${requirement}] — see ${specLink(module, requirement)}.\n  ${blocker}`,
  );
}

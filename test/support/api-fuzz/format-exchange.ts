import type { FuzzRequest, FuzzResponse } from './exchange.ts';

const clip = (text: string, length = 300): string => (text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text);

/** `$` what was sent, `←` what came back: the notation of SPEC.md "Reading a failure". */
export function formatExchange(request: FuzzRequest, response: FuzzResponse): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${clip(JSON.stringify(value), 120)}`);
  const sent = `$ ${request.method} ${clip(request.url, 200)}${headers.length ? ` [${headers.join(', ')}]` : ''}${request.payload ? ` ${clip(JSON.stringify(request.payload.toString('utf8')))}` : ''}`;
  const received = `← ${response.status} ${response.headers['content-type'] ?? '(no content-type)'} ${clip(response.body)}`;
  return `${sent}\n${received}`;
}

import { connect } from 'node:net';
import { toApiResponse, type ApiResponse } from '../../../../harness/testing/api-client.ts';

/**
 * Sends bytes no HTTP client would send (oversized or malformed headers) and reads what the
 * server writes back until it closes the connection. Node's HTTP parser answers these before
 * any route or hook runs, so only a real socket shows what a client gets.
 */
export async function sendRawRequest(origin: string, head: string, label: string): Promise<ApiResponse> {
  const { hostname, port } = new URL(origin);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer within 5 s to ${label}`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may reset the connection right after its answer: what arrived still counts.
    socket.on('error', (error) => (chunks.length > 0 ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(error)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(head);
  });
  const [headerBlock = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = headerBlock.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return toApiResponse({ method: label, url: '', requestBody: undefined, status: Number(statusLine.split(' ')[1] ?? 0), headers, text: rest.join('\r\n\r\n') });
}

/**
 * JSON text with pieces that `JSON.stringify` cannot produce: numbers such as `1e400` (Infinity
 * once parsed) or `-0`, which a hostile client sends as text.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`).join(',')}}`;
  }
  // Node escapes lone surrogates ("\ud800"), so the text stays valid UTF-8.
  return JSON.stringify(value) ?? 'null';
}

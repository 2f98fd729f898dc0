/** Fixed inputs that break parsers, coercions and SQL more often than random text does. */

/** Numbers as a query string carries them: edges of JavaScript's Number() and of Ajv's coercion. */
export const NUMERIC_EDGES = [
  'Infinity', '-Infinity', '+Infinity', 'NaN', '1e400', '-1e400', '1e-400', '0x10', '0o17', '0b11', '+5', '5.0', '5.', '.5e1',
  '-0', '0', '-1', '101', '2.5', '1e2', '1E1', '05', ' 5', '5 ', '\t5', '9007199254740993', '2147483648', '-2147483649',
  '1_000', '1,5', '٥', '５', '', ' ', 'true', 'null', '[]', '{}',
];

/** SPEC.md hostile-input's strings, and a few of the same family. */
export const SQL_INJECTION = [
  "'; DROP TABLE tasks; --",
  "' OR '1'='1",
  '"; DELETE FROM users; --',
  "Robert'); DROP TABLE users;--",
  "$1 $2 \\x27 \\\\ \\",
  '1; SELECT pg_sleep(5); --',
  "O'Brien `rm -rf` \"quoted\" 🦄",
  "1' AND (SELECT count(*) FROM pg_tables) > 0 --",
];

/** Text that is awkward as Unicode: combining marks, RTL, astral, zero-width, lookalikes, NUL, lone surrogates. */
export const AWKWARD_UNICODE = [
  'e\u0301', '\u202Eevil', '𝕿𝖆𝖘𝖐', '👩‍👩‍👧‍👦', '\u200B', 'Ｔａｓｋ', 'İı', 'ß', '\uFEFF', '\u0000', 'a\u0000b', '\uD800', '\uDC00', 'x\uDBFFy', '\uFFFF',
];

/** Percent-encodings no decoder accepts, for paths and query strings: sent as they are. */
export const BROKEN_PERCENT_ENCODINGS = ['%ff', '%', '%%%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%zz', '%u0041', '%F4%90%80%80'];

/** Query keys that are not parameters of any operation, some of them names with meaning to JavaScript. */
export const ODD_QUERY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'LIMIT', 'Status', 'limit[]', 'offset', 'page', 'owner_id'];

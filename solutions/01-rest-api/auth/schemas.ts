export interface Credentials {
  email: string;
  password: string;
}

const credentials = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 8, maxLength: 128 },
  },
} as const;

export const registerSchema = {
  body: credentials,
  response: {
    201: {
      type: 'object',
      required: ['id', 'email'],
      properties: { id: { type: 'string' }, email: { type: 'string' } },
    },
  },
} as const;

export const loginSchema = {
  body: credentials,
  response: {
    200: {
      type: 'object',
      required: ['token', 'tokenType', 'expiresIn'],
      properties: {
        token: { type: 'string' },
        tokenType: { type: 'string' },
        expiresIn: { type: 'integer' },
      },
    },
  },
} as const;

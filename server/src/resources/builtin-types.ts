/**
 * The resource types every workspace has, read-only, with Windmill's field names so that a
 * Windmill script's `Postgresql`/`Mysql`/`S3`… parameter reads a Runnel resource unchanged. A
 * secret field is marked `format: "password"` (docs/adr/0038-resources.md): the app renders it as a
 * password input and the server stores it sealed.
 */
import type { JsonSchema } from '../common/api-docs.js';

export interface BuiltinType {
  name: string;
  description: string;
  schema: JsonSchema;
}

const str = (description: string) => ({ type: 'string', description });
const secret = (description: string) => ({ type: 'string', format: 'password', description });
const port = (fallback: number) => ({ type: 'integer', minimum: 1, maximum: 65535, default: fallback });

const object = (required: string[], properties: Record<string, unknown>, order = Object.keys(properties)) => ({
  type: 'object',
  required,
  order,
  properties,
});

export const BUILTIN_TYPES: readonly BuiltinType[] = [
  {
    name: 'postgresql',
    description: 'A PostgreSQL database.',
    schema: object(['host', 'user', 'dbname'], {
      host: str('Host name or address'),
      port: port(5432),
      user: str('User name'),
      password: secret('Password'),
      dbname: str('Database name'),
      sslmode: {
        type: 'string',
        enum: ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'],
        default: 'prefer',
      },
      root_certificate_pem: { type: 'string', format: 'textarea', description: 'CA certificate (PEM), optional' },
    }),
  },
  {
    name: 'mysql',
    description: 'A MySQL or MariaDB database.',
    schema: object(['host', 'user', 'database'], {
      host: str('Host name or address'),
      port: port(3306),
      user: str('User name'),
      password: secret('Password'),
      database: str('Database name'),
      ssl: { type: 'boolean', default: false },
    }),
  },
  {
    name: 'http',
    description: 'An HTTP API: its base URL, headers sent with every request and a bearer token.',
    schema: object(['base_url'], {
      base_url: { type: 'string', format: 'uri', description: 'e.g. https://api.example.com/v1' },
      headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Header name to value' },
      bearer: secret('Bearer token, sent as Authorization: Bearer …'),
    }),
  },
  {
    name: 'smtp',
    description: 'An SMTP server to send mail through.',
    schema: object(['host'], {
      host: str('SMTP host'),
      port: port(587),
      user: str('SMTP user name'),
      password: secret('SMTP password'),
    }),
  },
  {
    name: 's3',
    description: 'An S3-compatible bucket.',
    schema: object(['bucket', 'region'], {
      bucket: str('Bucket name'),
      region: str('Region, e.g. us-east-1'),
      endPoint: str('Endpoint host, e.g. s3.amazonaws.com'),
      useSSL: { type: 'boolean', default: true },
      accessKey: str('Access key id'),
      secretKey: secret('Secret access key'),
      pathStyle: { type: 'boolean', default: false },
    }),
  },
  {
    name: 'slack',
    description: 'A Slack bot or user token.',
    schema: object(['token'], { token: secret('Slack token (xoxb-… or xoxp-…)') }),
  },
  {
    name: 'github',
    description: 'A GitHub personal access or app token.',
    schema: object(['token'], { token: secret('GitHub token') }),
  },
  {
    name: 'openai',
    description: 'An OpenAI API key.',
    schema: object(['api_key'], {
      api_key: secret('API key'),
      organization_id: str('Organization id, optional'),
    }),
  },
];

const BY_NAME = new Map(BUILTIN_TYPES.map((t) => [t.name, t]));

/** The built-in type `name`, or undefined. */
export const builtinType = (name: string): BuiltinType | undefined => BY_NAME.get(name);

import type { SignatureConfig } from './signature.js';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export const AUTH_METHODS = ['none', 'token', 'basic', 'signature'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** A row of `http_trigger`. */
export interface HttpTriggerRow {
  workspace_id: string;
  path: string;
  route_path: string;
  route_key: string;
  http_method: (typeof HTTP_METHODS)[number];
  script_path: string;
  is_flow: boolean;
  is_async: boolean;
  authentication_method: AuthMethod;
  signature: SignatureConfig | null;
  basic: { username: string; password_hash: string } | null;
  rate_limit_per_minute: number | null;
  summary: string;
  description: string;
  created_by: string;
  created_at: Date;
  edited_by: string;
  edited_at: Date;
}

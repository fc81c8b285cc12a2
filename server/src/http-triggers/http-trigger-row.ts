import type { SignatureConfig } from './signature.js';

/** A signature scheme as stored: the secret sealed apart, or in it when the server has no master key. */
export type StoredSignature = Omit<SignatureConfig, 'secret'> & { secret?: string };

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
  /** The scheme; its `secret` only where no master key sealed it into `signature_secret` (ADR 0038). */
  signature: StoredSignature | null;
  /** The signature secret, sealed for the workspace and trigger path; null when kept in `signature`. */
  signature_secret: Buffer | null;
  basic: { username: string; password_hash: string } | null;
  rate_limit_per_minute: number | null;
  summary: string;
  description: string;
  created_by: string;
  created_at: Date;
  edited_by: string;
  edited_at: Date;
}

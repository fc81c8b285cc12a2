import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Jobs are written here before they are published on JetStream;
 * `published_at IS NULL` marks the ones the relay must (re)publish.
 */
export class Init1763700000000 implements MigrationInterface {
  name = 'Init1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspace (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,49}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        username text NOT NULL UNIQUE,
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE workspace_member (
        workspace_id text NOT NULL REFERENCES workspace(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        role text NOT NULL CHECK (role IN ('admin', 'developer', 'operator', 'viewer')),
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE TABLE api_token (
        id uuid PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        label text NOT NULL DEFAULT '',
        user_id uuid NOT NULL REFERENCES app_user(id),
        workspace_id text REFERENCES workspace(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz
      );
      CREATE TABLE script (
        hash text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        parent_hash text,
        language text NOT NULL,
        content text NOT NULL,
        summary text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        schema json NOT NULL,
        arg_order text[] NOT NULL,
        tag text NOT NULL DEFAULT 'default',
        timeout_s integer,
        network text CHECK (network IN ('none', 'outbound', 'host')),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        archived boolean NOT NULL DEFAULT false
      );
      CREATE INDEX script_latest ON script (workspace_id, path, created_at DESC);
      CREATE TABLE job (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id),
        kind text NOT NULL DEFAULT 'script',
        script_path text,
        script_hash text,
        language text NOT NULL,
        args json NOT NULL,
        tag text NOT NULL,
        timeout_s integer NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failure', 'canceled')),
        result json,
        attempts integer NOT NULL DEFAULT 0,
        worker text,
        parent_job uuid,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        started_at timestamptz,
        completed_at timestamptz,
        duration_ms integer,
        published_at timestamptz,
        stream_seq bigint
      );
      CREATE INDEX job_by_workspace ON job (workspace_id, created_at DESC);
      CREATE INDEX job_by_script ON job (workspace_id, script_path, created_at DESC);
      CREATE INDEX job_by_parent ON job (parent_job) WHERE parent_job IS NOT NULL;
      CREATE INDEX job_unpublished ON job (created_at) WHERE published_at IS NULL AND status = 'queued';
      CREATE INDEX job_by_seq ON job (stream_seq) WHERE stream_seq IS NOT NULL;
      CREATE TABLE job_log (
        job_id uuid NOT NULL REFERENCES job(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        seq integer NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (job_id, attempt, seq)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE job_log; DROP TABLE job; DROP TABLE script; DROP TABLE api_token; DROP TABLE workspace_member; DROP TABLE app_user; DROP TABLE workspace;',
    );
  }
}

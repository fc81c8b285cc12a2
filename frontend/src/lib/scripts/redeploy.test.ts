import { describe, expect, it } from 'vitest';
import type { Schemas } from '$lib/api/client';
import { keptSettings, redeployBody } from './redeploy';

const script = {
  workspace_id: 'main',
  hash: 'abc',
  path: 'f/x/y',
  parent_hash: null,
  language: 'python3',
  content: 'def main():\n    return 1\n',
  summary: 'S',
  description: '',
  schema: { type: 'object', properties: {}, required: [] },
  arg_order: [],
  schema_overrides: { n: { title: 'N' } },
  tag: 'heavy',
  timeout: 30,
  network: 'outbound',
  cpus: 0.5,
  disk_mb: 64,
  created_by: 'admin',
  created_at: '2026-12-06T00:00:00Z',
  archived: false,
} as unknown as Schemas['Script'];

describe('redeploy', () => {
  it('keeps the settings the editor has no field for', () => {
    expect(keptSettings(script)).toEqual({ network: 'outbound', cpus: 0.5, disk_mb: 64 });
    expect(keptSettings({ network: null, cpus: null, disk_mb: null })).toEqual({});
  });

  it('deploys the same code and settings again, as the next version of this one', () => {
    expect(redeployBody(script)).toEqual({
      path: 'f/x/y',
      language: 'python3',
      content: script.content,
      summary: 'S',
      description: '',
      tag: 'heavy',
      timeout: 30,
      schema_overrides: { n: { title: 'N' } },
      network: 'outbound',
      cpus: 0.5,
      disk_mb: 64,
      parent_hash: 'abc',
    });
    expect(redeployBody({ ...script, tag: 'default', schema_overrides: null } as Schemas['Script'])).not.toHaveProperty(
      'tag',
    );
  });
});

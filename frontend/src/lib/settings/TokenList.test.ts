import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '$lib/api/client';
import TokenList from './TokenList.svelte';

const token = (over: Partial<Schemas['TruncatedToken']>): Schemas['TruncatedToken'] => ({
  id: '00000000-0000-4000-8000-000000000000',
  token_prefix: null,
  label: '',
  expiration: null,
  created_at: '2026-01-01T00:00:00Z',
  last_used_at: null,
  scopes: null,
  workspace_id: null,
  bootstrap: false,
  ...over,
});

describe('TokenList', () => {
  it('marks the bootstrap token and says how to revoke it instead of offering to delete it', () => {
    const { body } = render(TokenList, {
      props: {
        tokens: [
          token({ id: '11111111-0000-4000-8000-000000000000', label: 'bootstrap', bootstrap: true }),
          token({ id: '22222222-0000-4000-8000-000000000000', label: 'ci', token_prefix: 'rn_a' }),
        ],
        ondeleted: () => {},
      },
    });
    const [bootstrap, ci] = body.split('<li').slice(1);
    expect(bootstrap).toContain('Bootstrap token');
    expect(bootstrap).toContain('unset that variable and restart the server');
    expect(bootstrap).not.toContain('<button');
    expect(ci).not.toContain('Bootstrap token');
    expect(ci).toMatch(/<button [^>]*>Delete<span class="visually-hidden">/);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeArgs } from '$lib/scripts/links';
import { flowFormUrl, flowPageUrl } from './links';

describe('flow links', () => {
  it('encodes each segment and carries args like the script links', () => {
    expect(flowFormUrl('f/a b/flow')).toBe('/forms/flow/f/a%20b/flow');
    const url = new URL(flowPageUrl('f/x/y', { n: 1 }), 'http://h');
    expect(url.pathname).toBe('/flows/get/f/x/y');
    expect(decodeArgs(url.searchParams.get('args'))).toEqual({ n: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { decodeArgs, encodeArgs, formPageUrl, publicFormUrl, scriptPageUrl } from './links';

describe('args in links', () => {
  it('round-trips args through base64url, non-ASCII included', () => {
    const args = { name: 'Bö 🚀', count: 3, tags: ['a/b', '+?'], nested: { ok: true } };
    const encoded = encodeArgs(args);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeArgs(encoded)).toEqual(args);
  });

  it('reads what Node writes as base64url (the server and tests make such links)', () => {
    const fromNode = Buffer.from(JSON.stringify({ name: 'Bö' })).toString('base64url');
    expect(decodeArgs(fromNode)).toEqual({ name: 'Bö' });
  });

  it('gives null for no args, bad base64, bad JSON or JSON that is not an object', () => {
    expect(decodeArgs(null)).toBeNull();
    expect(decodeArgs('')).toBeNull();
    expect(decodeArgs('%%%')).toBeNull();
    expect(decodeArgs(Buffer.from('{nope').toString('base64url'))).toBeNull();
    expect(decodeArgs(Buffer.from('[1,2]').toString('base64url'))).toBeNull();
    expect(decodeArgs(Buffer.from('null').toString('base64url'))).toBeNull();
  });

  it('keeps the slashes of a script path and encodes each segment', () => {
    expect(formPageUrl('f/my tools/greet')).toBe('/forms/script/f/my%20tools/greet');
    expect(publicFormUrl('team a', 'f/my tools/greet')).toBe('/public/team%20a/forms/script/f/my%20tools/greet');
    expect(scriptPageUrl('f/a/b', { x: 1 })).toBe(`/scripts/get/f/a/b?args=${encodeArgs({ x: 1 })}`);
  });
});

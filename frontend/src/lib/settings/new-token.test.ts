import { describe, expect, it } from 'vitest';
import { emptyDraft, tokenBody } from './new-token';

describe('tokenBody', () => {
  it('sends the trimmed label alone for a token that never expires', () => {
    expect(tokenBody({ ...emptyDraft(), label: '  ci  ' })).toEqual({ body: { label: 'ci' } });
  });

  it('drops blank scope fields and trims the others', () => {
    const draft = { ...emptyDraft(), scopes: [' run:script/f/a ', '', '  ', 'run:flow/f/b'] };
    expect(tokenBody(draft)).toEqual({ body: { label: '', scopes: ['run:script/f/a', 'run:flow/f/b'] } });
  });

  it('turns a local date and time into an ISO instant', () => {
    const result = tokenBody({ ...emptyDraft(), expires: 'at', at: '2030-01-02T03:04' });
    expect(result).toEqual({ body: { label: '', expiration: new Date('2030-01-02T03:04').toISOString() } });
  });

  it('asks for a date when "on a date" is chosen without one', () => {
    expect(tokenBody({ ...emptyDraft(), expires: 'at', at: '' })).toEqual({
      error: 'Pick the date and time the token expires at.',
    });
  });
});

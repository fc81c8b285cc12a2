import { describe, expect, it } from 'vitest';
import { granteeOf, sortedGrants, withGrant, withoutGrant } from './grants';

describe('folder grants', () => {
  it('grants, changes and revokes without touching the others', () => {
    const perms = withGrant({ 'u/ada': true }, 'g/ops', false);
    expect(perms).toEqual({ 'u/ada': true, 'g/ops': false });
    expect(withGrant(perms, 'g/ops', true)).toEqual({ 'u/ada': true, 'g/ops': true });
    expect(withoutGrant(perms, 'u/ada')).toEqual({ 'g/ops': false });
  });

  it('lists groups first, then users, by name', () => {
    expect(sortedGrants({ 'u/b': true, 'g/z': false, 'u/a': false }).map((g) => g.grantee)).toEqual([
      'g/z',
      'u/a',
      'u/b',
    ]);
  });

  it('says what is wrong with a typed grantee', () => {
    expect(granteeOf('u', ' ada ')).toEqual({ grantee: 'u/ada' });
    expect(granteeOf('g', '')).toEqual({ error: 'Enter a group name.' });
    expect(granteeOf('u', 'u/ada')).toEqual({ error: 'Enter the name alone, without u/ or g/.' });
  });
});

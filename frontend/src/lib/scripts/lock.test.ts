import { describe, expect, it } from 'vitest';
import { lockedPackages } from './lock';

describe('lockedPackages', () => {
  it("reads Python's name==version lines", () => {
    expect(lockedPackages('python3', 'runnel-demo-b==2.0\nrunnel-demo-a==1.0\n')).toEqual([
      { name: 'runnel-demo-a', version: '1.0', direct: true },
      { name: 'runnel-demo-b', version: '2.0', direct: true },
    ]);
    expect(lockedPackages('python3', '')).toEqual([]);
  });

  it("reads npm's package-lock.json, telling the script's imports from what they need", () => {
    const lock = JSON.stringify({
      name: 'runnel-script',
      lockfileVersion: 3,
      packages: {
        '': { name: 'runnel-script', dependencies: { ms: '2.1.3', 'is-number': '^7' } },
        'node_modules/ms': { version: '2.1.3' },
        'node_modules/is-number': { version: '7.0.0' },
        'node_modules/@scope/dep': { version: '1.0.0' },
        'node_modules/is-number/node_modules/ms': { version: '1.0.0' },
      },
    });
    expect(lockedPackages('bun', lock)).toEqual([
      { name: '@scope/dep', version: '1.0.0', direct: false },
      { name: 'is-number', version: '7.0.0', direct: true },
      { name: 'ms', version: '1.0.0', direct: false },
      { name: 'ms', version: '2.1.3', direct: true },
    ]);
  });

  it('gives nothing for a lock it cannot read', () => {
    expect(lockedPackages('deno', 'not json')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { exampleArgs, TOKEN_PLACEHOLDER, webhooks } from './webhooks';

describe('webhooks', () => {
  it('gives the sync and async URLs with curl lines that carry a placeholder, never a token', () => {
    const [sync, async] = webhooks('https://runnel.example', 'main', 'f/tools/greet', { name: "O'Brien" });
    expect(sync.url).toBe('https://runnel.example/api/w/main/jobs/run_wait_result/p/f/tools/greet');
    expect(async.url).toBe('https://runnel.example/api/w/main/jobs/run/p/f/tools/greet');
    expect(sync.curl).toContain(`Authorization: Bearer ${TOKEN_PLACEHOLDER}`);
    // The body is single-quoted for the shell: a quote inside it is closed, escaped and reopened.
    expect(sync.curl).toContain(`-d '{"name":"O'\\''Brien"}'`);
  });

  it('runs a flow by its path on the flow routes', () => {
    const [sync, async] = webhooks('https://runnel.example', 'main', 'f/etl/daily', {}, true);
    expect(sync.url).toBe('https://runnel.example/api/w/main/jobs/run_wait_result/f/f/etl/daily');
    expect(async.url).toBe('https://runnel.example/api/w/main/jobs/run/f/f/etl/daily');
  });

  it("makes an example body from each parameter's default, else a sample of its type", () => {
    const schema = {
      properties: {
        name: { type: 'string' },
        count: { type: 'integer', default: 2 },
        loud: { type: 'boolean', default: false },
        when: { type: ['string', 'null'] },
        any: {},
      },
    };
    expect(exampleArgs(schema)).toEqual({ name: 'text', count: 2, loud: false, when: 'text', any: null });
    expect(exampleArgs(null)).toEqual({});
  });
});

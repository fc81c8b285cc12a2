import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { json, startHarness, type Harness } from './harness.js';
import {
  assertMasked,
  createSquareFlow,
  createVariable,
  jobRow,
  runToEnd,
  succeeded,
  variableValue,
} from './sdk-helpers.js';

/** A Windmill script, unchanged: a variable, state across runs, children waited for and not, progress. */
const WINDMILL_SCRIPT = `
import wmill


def main():
    greeting = wmill.get_variable("f/sdk/greeting")
    count = (wmill.get_state() or 0) + 1
    wmill.set_state(count)
    doubled = wmill.run_script("f/sdk/double", args={"x": count})
    by_path = wmill.run_script_by_path("f/sdk/double", args={"x": 10}, timeout=60)
    child_id = wmill.run_script_async("f/sdk/double", args={"x": 21})
    wmill.set_progress(60)
    wmill.set_variable("f/sdk/written_py", f"{greeting} {count}")
    return {"greeting": greeting, "count": count, "doubled": doubled, "by_path": by_path, "child_id": child_id}
`;

/** The Runnel name: a failing child, flows, many requests at once, resume URLs, an absent resource, a refusal. */
const RUNNEL_SCRIPT = `
from concurrent.futures import ThreadPoolExecutor

import runnel


def main():
    try:
        runnel.run_script("f/sdk/fails", args={})
    except runnel.RunnelError as exc:
        print("child failed:", exc.status, exc)
    print("flow gave", runnel.run_flow("f/sdk/flow", {"n": 3}), "and started", runnel.run_flow_async("f/sdk/flow", {"n": 2}))
    # More at once than the platform answers for one job (8): eight threads wait for children, so
    # the variables are refused as too many (429) until a child ends, and the SDK tries them again.
    with ThreadPoolExecutor(14) as pool:
        children = [pool.submit(runnel.run_script, "f/sdk/double", args={"x": x}) for x in range(8)]
        values = [pool.submit(runnel.get_variable, "f/sdk/greeting") for _ in range(6)]
        print("many", [c.result() for c in children], {v.result() for v in values})
    urls = runnel.get_resume_urls()
    print("resume urls", sorted(urls), "absent", runnel.get_resource("f/sdk/absent", none_if_undefined=True))
    return runnel.get_resource("f/sdk/missing")
`;

/** A secret read through the SDK, printed and returned: masked in both. */
const SECRET_SCRIPT = `
import wmill


def main():
    secret = wmill.get_variable("f/sdk/secret")
    print("the secret is", secret)
    return {"secret": secret, "length": len(secret)}
`;

/** The Python SDK in real jobs, as \`wmill\` and as \`runnel\`, against a real platform and worker. */
describe('the Python SDK in jobs', () => {
  const SECRET = `sdk-secret-${randomBytes(8).toString('hex')}`;
  let h: Harness;

  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    await h.startWorker();
    await createVariable(h, 'f/sdk/greeting', 'hej');
    await createVariable(h, 'f/sdk/secret', SECRET, true);
    await h.deploy('f/sdk/double', 'python3', 'def main(x: int):\n    return x * 2\n');
    await h.deploy('f/sdk/fails', 'python3', 'def main():\n    raise ValueError("the child says no")\n');
    await createSquareFlow(h, 'f/sdk/flow');
  });
  after(async () => h?.close());

  it('runs a Windmill script unchanged: variable, state across runs, run_script waiting and not, progress', async () => {
    const deployed = await h.deploy('f/sdk/windmill_py', 'python3', WINDMILL_SCRIPT);
    const script = await json(h.api(`/api/w/main/scripts/get/h/${deployed}`));
    assert.equal(script.lock ?? null, null, 'import wmill is no dependency: nothing to lock');

    const first = await runToEnd(h, 'f/sdk/windmill_py');
    const result = succeeded(first) as Record<string, unknown>;
    assert.deepEqual(
      { ...result, child_id: undefined },
      { greeting: 'hej', count: 1, doubled: 2, by_path: 20, child_id: undefined },
    );
    assert.equal(first.progress, 60);
    assert.equal(await variableValue(h, 'f/sdk/written_py'), 'hej 1');
    const child = await jobRow(h, result.child_id as string);
    assert.equal(succeeded(child), 42);
    assert.equal(child.parent_job, first.id);

    const second = succeeded(await runToEnd(h, 'f/sdk/windmill_py')) as Record<string, unknown>;
    assert.deepEqual([second.count, second.doubled], [2, 4], 'the state kept by the first run');
  });

  it("runs flows, waits its turn with many requests, gets resume URLs; a failed child's error and a refusal reach the job", async () => {
    await h.deploy('f/sdk/runnel_py', 'python3', RUNNEL_SCRIPT);
    const job = await runToEnd(h, 'f/sdk/runnel_py');
    assert.equal(job.status, 'failure');
    assert.equal(job.result.error.name, 'RunnelError');
    assert.match(job.result.error.message, /f\/sdk\/missing/);
    const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${job.id}`)).text();
    assert.match(logs, /child failed: 424 .*ValueError: the child says no/);
    const flowId = /flow gave 9 and started (\S+)/.exec(logs)?.[1];
    assert.ok(flowId, logs);
    assert.equal(succeeded(await jobRow(h, flowId)), 4);
    assert.match(logs, /many \[0, 2, 4, 6, 8, 10, 12, 14\] \{'hej'\}/);
    assert.match(logs, /resume urls \['approvalPage', 'cancel', 'resume'\] absent None/);
  });

  it('masks a secret a job read through the SDK in its logs and result', async () => {
    await h.deploy('f/sdk/secret_py', 'python3', SECRET_SCRIPT);
    await assertMasked(h, await runToEnd(h, 'f/sdk/secret_py'), SECRET);
  });
});

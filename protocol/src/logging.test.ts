import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, logSettings, prettyLine } from './logging.js';

describe('log settings and lines', () => {
  it('writes JSON unless stdout is a terminal, and RUNNEL_LOG_FORMAT decides either way', () => {
    assert.deepEqual(logSettings({}, false), { format: 'json', level: 'info' });
    assert.deepEqual(logSettings({}, true), { format: 'pretty', level: 'info' });
    assert.equal(logSettings({ RUNNEL_LOG_FORMAT: 'json' }, true).format, 'json');
    assert.equal(logSettings({ RUNNEL_LOG_FORMAT: 'pretty' }, false).format, 'pretty');
    assert.equal(logSettings({ RUNNEL_LOG_LEVEL: 'debug' }, false).level, 'debug');
  });

  it('says what a bad RUNNEL_LOG_FORMAT or RUNNEL_LOG_LEVEL should be', () => {
    assert.throws(
      () => logSettings({ RUNNEL_LOG_FORMAT: 'text' }),
      /RUNNEL_LOG_FORMAT must be json or pretty, got "text"/,
    );
    assert.throws(
      () => logSettings({ RUNNEL_LOG_LEVEL: 'loud' }),
      /RUNNEL_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, got "loud"/,
    );
  });

  it('writes one JSON object a line, level as a word, time in ISO 8601, the fields as given', () => {
    const lines: string[] = [];
    const log = createLogger(
      { format: 'json', level: 'info' },
      { service: 'worker' },
      { write: (l) => void lines.push(l) },
    );
    log.debug('not written');
    log.child({ job_id: 'j1', flow_id: 'f1', workspace: 'main' }).info({ status: 'success' }, 'job succeeded');
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.endsWith('\n'));
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.level, 'info');
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(
      { service: line.service, job_id: line.job_id, flow_id: line.flow_id, workspace: line.workspace, msg: line.msg },
      { service: 'worker', job_id: 'j1', flow_id: 'f1', workspace: 'main', msg: 'job succeeded' },
    );
  });

  it('turns a JSON line into a terminal line: time, level, context, message, then the fields', () => {
    const json = JSON.stringify({
      level: 'warn',
      time: '2026-12-06T19:48:05.123Z',
      pid: 1,
      hostname: 'h',
      service: 'server',
      context: 'JobEvents',
      msg: 'job failure',
      job_id: 'j1',
      attempts: 3,
    });
    assert.equal(prettyLine(json), '19:48:05 WARN  [JobEvents] job failure job_id=j1 attempts=3');
    assert.equal(prettyLine('not json'), 'not json');
  });
});

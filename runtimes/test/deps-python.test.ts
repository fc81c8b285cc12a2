import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { goMessage, prepareJob, preparePooled, type PreparedJob } from '../index.js';
import { PYTHON } from '../python3/prepare.js';
import { pythonDeps } from '../deps/python.js';
import { PYTHON_STDLIB } from '../deps/python-stdlib.js';
import { DependencyError, type Requirement } from '../deps/types.js';
import { buildWheels, DEMO_WHEELS } from './wheels.js';

const infer = (code: string) => pythonDeps.infer(code);
const names = (code: string) => infer(code).map(({ name }) => name);

describe('pythonDeps.infer', () => {
  test('the embedded standard library list is /usr/bin/python3 own', () => {
    const own = execFileSync(PYTHON, ['-c', 'import sys; print("\\n".join(sorted(sys.stdlib_module_names)))'], {
      encoding: 'utf8',
    });
    assert.deepEqual([...PYTHON_STDLIB].sort(), own.trim().split('\n'));
  });

  test('every form of import, anywhere in the module, by its top-level name', () => {
    const code = [
      'import requests',
      'import numpy as np, pandas',
      'import matplotlib.pyplot as plt',
      'from httpx import AsyncClient',
      'from boto3.session import Session',
      'try:',
      '    import ujson as json',
      'except ImportError:',
      '    import json',
      'def main():',
      '    from slack_sdk import WebClient',
      '    if True:',
      '        import stripe',
      'class A:',
      '    import toml',
    ].join('\n');
    assert.deepEqual(names(code), [
      'boto3',
      'httpx',
      'matplotlib',
      'numpy',
      'pandas',
      'requests',
      'slack-sdk',
      'stripe',
      'toml',
      'ujson',
    ]);
    assert.deepEqual(infer('import requests'), [{ name: 'requests', range: '' }]);
  });

  test('the standard library, __future__, private and relative imports are left out', () => {
    const code = [
      'from __future__ import annotations',
      'import os, sys, json, typing, asyncio.subprocess, tomllib, zoneinfo, xml.etree.ElementTree',
      'from collections import defaultdict',
      'from . import helper',
      'from .helper import x',
      'from ..lib.util import y',
      'from ... import z',
      'import _cffi_backend',
    ].join('\n');
    assert.deepEqual(infer(code), []);
  });

  test('imports inside strings and comments are not imports', () => {
    const code = [
      '# import requests',
      's = "import numpy"',
      '"""',
      'from pandas import DataFrame',
      '"""',
      'x = f"{1} import yaml"',
    ].join('\n');
    assert.deepEqual(infer(code), []);
  });

  test('well-known module names map to their distribution', () => {
    const mapped: [string, string][] = [
      ['yaml', 'PyYAML'],
      ['PIL', 'pillow'],
      ['sklearn', 'scikit-learn'],
      ['bs4', 'beautifulsoup4'],
      ['dateutil', 'python-dateutil'],
      ['cv2', 'opencv-python'],
      ['jwt', 'PyJWT'],
      ['psycopg2', 'psycopg2-binary'],
      ['dotenv', 'python-dotenv'],
      ['magic', 'python-magic'],
      ['Crypto', 'pycryptodome'],
      ['OpenSSL', 'pyOpenSSL'],
      ['git', 'GitPython'],
      ['googleapiclient', 'google-api-python-client'],
      ['dns', 'dnspython'],
      ['docx', 'python-docx'],
      ['github', 'PyGithub'],
      ['MySQLdb', 'mysqlclient'],
      ['attr', 'attrs'],
      ['zmq', 'pyzmq'],
      ['fitz', 'PyMuPDF'],
      ['skimage', 'scikit-image'],
    ];
    for (const [module, distribution] of mapped) {
      assert.deepEqual(names(`import ${module}.sub`), [distribution], module);
      assert.deepEqual(names(`from ${module} import thing`), [distribution], module);
    }
    assert.deepEqual(infer('import psycopg'), [{ name: 'psycopg', range: '[binary]' }]);
  });

  test('namespace packages: the name after the namespace names the distribution', () => {
    const code = [
      'import google.cloud.storage',
      'from google.cloud import bigquery_storage, pubsub as ps',
      'from google.cloud.secretmanager import Client',
      'from google import genai',
      'import google.protobuf.json_format',
      'from google.oauth2 import service_account',
      'import azure.identity',
      'from azure.storage.blob import BlobClient',
      'from azure.storage.filedatalake import X',
      'from azure.mgmt.compute import ComputeManagementClient',
      'import snowflake.connector',
      'import google',
      'import google.cloud',
    ].join('\n');
    assert.deepEqual(names(code), [
      'azure-identity',
      'azure-mgmt-compute',
      'azure-storage-blob',
      'azure-storage-file-datalake',
      'google-auth',
      'google-cloud-bigquery-storage',
      'google-cloud-pubsub',
      'google-cloud-secretmanager',
      'google-cloud-storage',
      'google-genai',
      'protobuf',
      'snowflake-connector-python',
    ]);
  });

  test('names are deduplicated and sorted the way pip compares them', () => {
    const code =
      'import zeta\nimport yaml\nfrom yaml import load\nimport Alpha_b\nimport alpha_B\nfrom PIL import Image';
    assert.deepEqual(names(code), ['alpha-B', 'pillow', 'PyYAML', 'zeta']);
  });

  test('# requirements: exactly those, inference off', () => {
    const code = [
      '# requirements:',
      '#requests==2.31.0',
      '# PyYAML>=6,<7',
      '#psycopg[binary]>=3',
      '',
      'import numpy',
      'import yaml',
    ].join('\n');
    assert.deepEqual(infer(code), [
      { name: 'psycopg', range: '[binary]>=3' },
      { name: 'PyYAML', range: '>=6,<7' },
      { name: 'requests', range: '==2.31.0' },
    ]);
    assert.deepEqual(infer('#requirements:\nimport numpy'), []);
  });

  test('# extra_requirements: added to the inferred ones, and they win for the same distribution', () => {
    const code = [
      '# extra_requirements:',
      '#pyyaml==6.0.1',
      '#lxml',
      '# a comment of several words ends the block',
      '#notthis',
      'import yaml, requests',
    ].join('\n');
    assert.deepEqual(infer(code), [
      { name: 'lxml', range: '' },
      { name: 'pyyaml', range: '==6.0.1' },
      { name: 'requests', range: '' },
    ]);
  });

  test('an invalid requirement line is named', () => {
    for (const line of ['requests==', '-e./x', 'pkg@https://example.com/pkg.whl', '!!!']) {
      assert.throws(
        () => infer(`# requirements:\n#${line}\n`),
        (error: Error) => error instanceof DependencyError && error.message.includes(`"${line}"`),
        line,
      );
    }
  });
});

/**
 * Runs a prepared Python job in a bubblewrap sandbox shaped like the worker's: /usr read-only,
 * the job folder at /job, the installed lock read-only at /deps, an empty environment.
 */
function runInSandbox(prepared: Omit<PreparedJob, 'resultMode'>, deps: string, stdin = ''): unknown {
  const job = mkdtempSync(join(tmpdir(), 'runnel-pydeps-job-'));
  try {
    for (const [name, content] of Object.entries(prepared.files)) writeFileSync(join(job, name), content);
    const system = ['--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64'];
    const devices = ['--symlink', 'usr/bin', '/bin', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp'];
    const mounts = ['--bind', job, '/job', '--ro-bind', deps, '/deps', '--chdir', '/job'];
    const env = Object.entries(prepared.env).flatMap(([name, value]) => ['--setenv', name, value]);
    const isolation = ['--unshare-all', '--die-with-parent', '--clearenv'];
    const run = spawnSync('bwrap', [...system, ...devices, ...mounts, ...isolation, ...env, ...prepared.command], {
      encoding: 'utf8',
      input: stdin,
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(readFileSync(join(job, 'result.json'), 'utf8'));
  } finally {
    rmSync(job, { recursive: true, force: true });
  }
}

describe('pythonDeps.lock and install, against a wheel folder', () => {
  let wheels: string;
  let scratch: string;
  const signal = () => AbortSignal.timeout(60_000);
  const sources = () => ({ pipFindLinks: wheels });
  const lock = (requirements: Requirement[]) => pythonDeps.lock(requirements, sources(), signal());

  before(() => {
    wheels = mkdtempSync(join(tmpdir(), 'runnel-wheels-'));
    scratch = mkdtempSync(join(tmpdir(), 'runnel-pydeps-'));
    buildWheels(wheels, DEMO_WHEELS);
  });
  after(() => {
    rmSync(wheels, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  test('transitive dependencies are locked, at their newest matching version', async () => {
    const requirements = pythonDeps.infer('import runnel_demo_a\n');
    assert.deepEqual(requirements, [{ name: 'runnel-demo-a', range: '' }]);
    assert.equal(await lock(requirements), 'runnel-demo-a==1.0\nrunnel-demo-b==2.0\n');
  });

  test('a # requirements: pin wins over the newest version', async () => {
    const requirements = pythonDeps.infer('# requirements:\n#runnel_demo_a\n#Runnel.Demo_B==1.0\nimport requests\n');
    assert.equal(await lock(requirements), 'runnel-demo-a==1.0\nrunnel-demo-b==1.0\n');
  });

  test('an environment marker is evaluated for this Python; nothing left is an empty lock', async () => {
    const requirements = pythonDeps.infer('# requirements:\n#runnel-demo-a;python_version<"3"\n');
    assert.deepEqual(requirements, [{ name: 'runnel-demo-a', range: ';python_version<"3"' }]);
    assert.equal(await lock(requirements), '');
    assert.equal(
      await lock(pythonDeps.infer('# requirements:\n#runnel-demo-b<2;python_version>="3"\n')),
      'runnel-demo-b==1.0\n',
    );
  });

  test('an unknown package is a DependencyError naming it and quoting pip', async () => {
    await assert.rejects(
      lock([
        { name: 'runnel-demo-a', range: '' },
        { name: 'runnel-no-such-package', range: '>=1' },
      ]),
      (error: DependencyError) => {
        assert.ok(error instanceof DependencyError);
        assert.equal(error.packageName, 'runnel-no-such-package');
        assert.match(error.message, /No matching distribution found for runnel-no-such-package/);
        return true;
      },
    );
  });

  test('the default index, unreachable here, fails fast and cleanly', async () => {
    const started = Date.now();
    await assert.rejects(
      pythonDeps.lock([{ name: 'runnel-demo-a', range: '' }], {}, signal()),
      (error: DependencyError) => {
        assert.ok(error instanceof DependencyError);
        assert.equal(error.packageName, 'runnel-demo-a');
        assert.match(error.message, /No matching distribution found for runnel-demo-a/);
        assert.match(error.message, /the index was unreachable/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });

  test('an aborted lock stops pip and rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = pythonDeps.lock([{ name: 'runnel-demo-a', range: '' }], sources(), controller.signal);
    controller.abort(new Error('deploy cancelled'));
    await assert.rejects(pending, /deploy cancelled/);
    const left = readdirSync(tmpdir()).filter((name) => name.startsWith('runnel-pip-lock-'));
    assert.deepEqual(left, [], 'no lock scratch folder is left behind');
  });

  test('install writes exactly the lock into the folder, and a job imports from it read-only', async () => {
    const into = mkdtempSync(join(scratch, 'installed-'));
    await pythonDeps.install('runnel-demo-a==1.0\nrunnel-demo-b==1.0\n', into, sources(), signal());
    assert.deepEqual(readdirSync(into).sort(), [
      'runnel_demo_a',
      'runnel_demo_a-1.0.dist-info',
      'runnel_demo_b',
      'runnel_demo_b-1.0.dist-info',
    ]);

    const content = [
      'import runnel_demo_a, runnel_demo_b, sys',
      'def main():',
      '    stdlib = sys.path.index("/usr/lib/python3.11")',
      '    return [runnel_demo_a.VERSION, runnel_demo_b.__file__, sys.path[0], stdlib < sys.path.index("/deps")]',
    ].join('\n');
    const expected = { ok: true, result: ['a1+b1.0', '/deps/runnel_demo_b/__init__.py', '/job', true] };
    const input = { content, args: {}, argOrder: [], deps: '/deps' };
    assert.deepEqual(runInSandbox(prepareJob('python3', input), into), expected);

    // The warm pool: the sandbox starts without the job, the go message names the folder.
    const pooled = preparePooled('python3');
    const files = { ...pooled.files, ...prepareJob('python3', input).files };
    assert.deepEqual(runInSandbox({ ...pooled, files }, into, goMessage('python3', input, {})), expected);
  });

  test('a lock line that is not name==version is refused before pip sees it', async () => {
    const into = mkdtempSync(join(scratch, 'refused-'));
    await assert.rejects(
      pythonDeps.install('runnel-demo-a==1.0\n--index-url https://evil.example/\n', into, sources(), signal()),
      (error: Error) => error instanceof DependencyError && error.message.includes('--index-url https://evil.example/'),
    );
  });

  test('an install of a version the folder lacks fails naming it, within the folder', async () => {
    const into = mkdtempSync(join(scratch, 'missing-'));
    await assert.rejects(
      pythonDeps.install('runnel-demo-b==3.0\n', into, sources(), signal()),
      (error: DependencyError) => {
        assert.equal(error.packageName, 'runnel-demo-b');
        assert.match(error.message, /runnel-demo-b==3\.0/);
        return true;
      },
    );
  });
});

import { execFileSync } from 'node:child_process';
import { PYTHON } from '../python3/prepare.js';

/** One wheel: distribution name, version, its `Requires-Dist` lines, and its module's source. */
export type WheelSpec = [name: string, version: string, requires: string[], source: string];

/** Builds wheels by hand (no setuptools, no network): what pip finds in a `--find-links` folder. */
const BUILD_WHEELS = String.raw`
import base64, hashlib, json, sys, zipfile
folder, specs = sys.argv[1], json.loads(sys.argv[2])
for name, version, requires, source in specs:
    module, dist = name.replace("-", "_"), name.replace("-", "_") + "-" + version
    files = {
        module + "/__init__.py": source,
        dist + ".dist-info/METADATA": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n%s" % (name, version, "".join("Requires-Dist: %s\n" % r for r in requires)),
        dist + ".dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: runnel-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile("%s/%s-py3-none-any.whl" % (folder, dist), "w") as wheel:
        for path, text in files.items():
            data = text.encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
            wheel.writestr(path, data)
        wheel.writestr(dist + ".dist-info/RECORD", "\n".join(record + [dist + ".dist-info/RECORD,,"]) + "\n")
`;

/**
 * Writes a wheel per spec into `folder`, for tests and benches of Python dependencies on a
 * machine without a package index (`RUNNEL_PIP_FIND_LINKS`).
 */
export function buildWheels(folder: string, specs: WheelSpec[]): void {
  execFileSync(PYTHON, ['-c', BUILD_WHEELS, folder, JSON.stringify(specs)]);
}

/**
 * Two distributions, one needing the other, the other in two versions: enough to show transitive
 * resolution (a lock names both, b at 2.0) and a pin winning (b==1.0). `runnel_demo_a.VERSION`
 * says which b it got: "a1+b2.0".
 */
export const DEMO_WHEELS: WheelSpec[] = [
  ['runnel-demo-a', '1.0', ['runnel-demo-b>=1'], 'import runnel_demo_b\nVERSION = "a1+b" + runnel_demo_b.VERSION\n'],
  ['runnel-demo-b', '1.0', [], 'VERSION = "1.0"\n'],
  ['runnel-demo-b', '2.0', [], 'VERSION = "2.0"\n'],
];

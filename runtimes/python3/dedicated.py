"""A dedicated runtime: serves many jobs of one script version, one after another.

Reads one request per line on stdin, `{"end": MARK, "env": {...}, "args": {...}}`; for each,
sets the job's environment, calls main(**args) (main.py is imported by the first job only), writes
result.json as wrapper.py does, then writes MARK and the exit code wrapper.py would have exited
with ("MARK 0\\n" or "MARK 1\\n") on stdout and on stderr: the worker splits the process's output
into jobs there. A failed import of main.py ends the process after its job: the next job starts
a fresh one. Options as wrapper.py's `--limits` and `--deps`.
"""

import json
import os
import sys

import wrapper  # beside this file: the single job's wrapper, for its helpers

HERE = os.path.dirname(os.path.abspath(__file__))


def _serve():
    stdin = sys.stdin.buffer
    while True:
        line = stdin.readline()
        if not line:
            return  # the worker closed stdin: the process is being recycled
        request = json.loads(line)
        os.environ.update(request.get("env", {}))
        output, code = wrapper._finish(request.get("args", {}))
        with open(os.path.join(HERE, "result.json"), "w", encoding="utf-8") as file:
            file.write(output)
        mark = f"{request['end']} {code}\n"
        sys.stdout.flush()
        sys.stdout.write(mark)
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stderr.write(mark)
        sys.stderr.flush()
        if "main" not in sys.modules:
            os._exit(code or 1)  # main.py could not be imported: not worth keeping


_options = sys.argv[1:]
sys.argv[1:] = []
if "--limits" in _options:
    wrapper._set_limits(_options[_options.index("--limits") + 1])
if "--deps" in _options:
    wrapper._use_deps(_options[_options.index("--deps") + 1])
_serve()
os._exit(0)

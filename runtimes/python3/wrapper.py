"""Runs one job: calls main(**args) from main.py in this folder and writes result.json.

Arguments main doesn't declare are left out, unless it takes **kwargs.
The result is `{"ok": true, "result": ...}` or `{"ok": false, "error": {name, message, stack}}`;
values JSON can't hold are written as their str(). The process exits non-zero on error.

Options: `--limits RESOURCE:SOFT:HARD,...` (setrlimit of each RLIMIT_<RESOURCE>, before the
script is imported), `--deps FOLDER` (the job's installed dependencies) and `--pool` (wait for
the go message on stdin first; its `deps` does what `--deps` does); the script's sys.argv holds
none of them.
"""

import json
import math
import os
import sys
import types

# asyncio, inspect and traceback cost ~50 ms to import: only loaded when a job needs them.

HERE = os.path.dirname(os.path.abspath(__file__))


def _error(exc):
    import traceback

    stack = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {"name": type(exc).__name__, "message": str(exc), "stack": stack}


def _finite(value):
    # NaN and Infinity are not JSON; pandas and numpy results are full of them.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _success(result):
    try:
        return json.dumps({"ok": True, "result": result}, default=str, allow_nan=False)
    except ValueError as exc:
        if "Out of range float" not in str(exc):
            raise  # e.g. a circular reference
        return json.dumps({"ok": True, "result": _finite(result)}, default=str, allow_nan=False)


def _accepted(fn, args):
    # Like a TypeScript main, ignore arguments main doesn't declare (e.g. stale ones from an
    # older version of the script), unless it takes **kwargs. Read off the code object:
    # importing inspect costs more than the whole call.
    code = getattr(fn, "__code__", None)
    if code is None or code.co_flags & 0x08:  # CO_VARKEYWORDS
        return args
    names = code.co_varnames[code.co_posonlyargcount : code.co_argcount + code.co_kwonlyargcount]
    return {name: value for name, value in args.items() if name in names}


def _run(args=None):
    # A dedicated runtime (dedicated.py) passes each job's arguments; a single job reads its own.
    if args is None:
        with open(os.path.join(HERE, "args.json"), encoding="utf-8") as file:
            args = json.load(file)
    import main as script  # main.py sits beside this file, first on sys.path

    if not callable(getattr(script, "main", None)):
        raise TypeError("the script must define a function named main")
    result = script.main(**_accepted(script.main, args))
    if isinstance(result, types.CoroutineType):
        import asyncio

        result = asyncio.run(result)
    return result


def _finish(args=None):
    try:
        return _success(_run(args)), 0
    except SystemExit as exc:
        if exc.code is None or exc.code == 0:
            return _success(None), 0
        error = {"name": "SystemExit", "message": f"the script called exit({exc.code!r})"}
        code = exc.code if isinstance(exc.code, int) and 0 < exc.code < 256 else 1
        return json.dumps({"ok": False, "error": error}), code
    except BaseException as exc:  # noqa: BLE001 - every failure of the script is its result
        import traceback

        traceback.print_exc()
        return json.dumps({"ok": False, "error": _error(exc)}, default=str), 1


def _set_limits(spec):
    # Set on this process before the script is imported, so they hold for it and every process it
    # starts; the hard ones can't be raised again (no CAP_SYS_RESOURCE in the initial user
    # namespace). One that can't be set fails the job before the script runs.
    import resource

    for item in spec.split(","):
        name, soft, hard = item.split(":")
        resource.setrlimit(getattr(resource, f"RLIMIT_{name}"), (int(soft), int(hard)))


def _use_deps(folder):
    # After this folder and the standard library, before the system's own site-packages: the
    # locked versions win over any Debian package of the same name, and an installed package
    # can't shadow the standard library. addsitedir also runs the folder's .pth files, which
    # some distributions need; the site module is loaded at start-up anyway.
    import site

    before = list(sys.path)
    site.addsitedir(folder)
    added = [entry for entry in sys.path if entry not in before]
    at = next((i for i, entry in enumerate(before) if entry.endswith("-packages")), len(before))
    sys.path[:] = before[:at] + added + before[at:]


def _await_go():
    # Pool mode: the sandbox was started before its job was known. Wait for the go message (the
    # job's environment) on stdin, to its end. asyncio and traceback are not loaded ahead: they
    # cost ~45 ms of CPU, which every warm sandbox would pay while few jobs need them (an async
    # main, a failure) — on a busy worker that CPU is what the running jobs wait for.
    import importlib

    go = json.loads(sys.stdin.buffer.read() or b"{}")
    os.environ.update(go.get("env", {}))
    if go.get("deps"):
        _use_deps(go["deps"])
    # main.py was written after start-up: the import system's cache of this folder is stale.
    importlib.invalidate_caches()


def _main():
    options = sys.argv[1:]
    sys.argv[1:] = []
    if "--limits" in options:
        _set_limits(options[options.index("--limits") + 1])
    if "--deps" in options:
        _use_deps(options[options.index("--deps") + 1])
    if "--pool" in options:
        _await_go()
    output, code = _finish()
    with open(os.path.join(HERE, "result.json"), "w", encoding="utf-8") as file:
        file.write(output)
    sys.stdout.flush()
    sys.stderr.flush()
    # Exit now: threads the script left running must not keep the job alive.
    os._exit(code)


# Imported by dedicated.py for its helpers; run as the job's command otherwise.
if __name__ == "__main__":
    _main()

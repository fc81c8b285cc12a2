"""The Runnel SDK inside a job's sandbox (README "The SDK"); `wmill` is the same under Windmill's name.

The worker binds this folder's parent read-only into the sandbox and puts it on PYTHONPATH, so
`import runnel` (or `import wmill`) works with no install step, beside the job's locked packages.
Each call is one request on the job's Unix socket (RUNNEL_SOCKET): one line of JSON
`{"op": ..., ...params}` out, one line back, `{"ok": true, "value": ...}` or
`{"ok": false, "status": ..., "error": ...}`. Function names and keyword arguments are Windmill's,
so a Windmill script runs unchanged. Standard library only.
"""

import datetime as _dt
import json as _json
import os as _os
import socket as _socket
import time as _time

__all__ = [
    "RunnelError",
    "get_variable",
    "set_variable",
    "get_resource",
    "get_state",
    "set_state",
    "run_script",
    "run_script_by_path",
    "run_script_by_hash",
    "run_script_async",
    "run_script_by_path_async",
    "run_script_by_hash_async",
    "run_flow",
    "run_flow_async",
    "get_resume_urls",
    "set_progress",
]

# Where the worker serves the job API when RUNNEL_SOCKET is not set (protocol/src/job-api.ts).
_DEFAULT_SOCKET = "/job/.runnel.sock"


class RunnelError(Exception):
    """A request the platform refused or could not serve; `status` is its HTTP-like code (404, 403...)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def _seconds(timeout):
    if timeout is None:
        return None
    if isinstance(timeout, _dt.timedelta):
        return timeout.total_seconds()
    return float(timeout)


def _exchange(path, line, timeout):
    """One request on the job's socket; the reply's value, or RunnelError with the platform's message."""
    try:
        with _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(path)
            conn.sendall(line)
            chunks = []
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    except TimeoutError:
        raise  # the caller's own timeout= ran out: not a failure to reach the platform
    except OSError as exc:
        raise RunnelError(f"cannot reach the platform through the job API socket {path}: {exc.strerror or exc}", 503) from None
    reply_line = b"".join(chunks).split(b"\n", 1)[0]
    if not reply_line:
        raise RunnelError("the platform closed the job API connection without a reply", 502)
    try:
        reply = _json.loads(reply_line)
    except ValueError:
        raise RunnelError(f"the job API sent a reply that is not JSON: {reply_line[:200]!r}", 502) from None
    if reply.get("ok") is True:
        return reply.get("value")
    raise RunnelError(str(reply.get("error") or "the platform refused the request"), int(reply.get("status") or 500))


# How long a request refused as one too many at once (429) is tried again: threads over many paths.
_BUSY_RETRY_SECONDS = 30


def _call(op, timeout=None, **params):
    """One request; a 429 (refused before anything is done) is tried again after a short wait."""
    path = _os.environ.get("RUNNEL_SOCKET") or _DEFAULT_SOCKET
    line = (_json.dumps({**params, "op": op}) + "\n").encode("utf-8")
    give_up = _time.monotonic() + _BUSY_RETRY_SECONDS
    pause = 0.01
    while True:
        try:
            return _exchange(path, line, _seconds(timeout))
        except TimeoutError:
            raise TimeoutError(f"{op} got no answer within {timeout} (timeout); the request may still complete") from None
        except RunnelError as exc:
            if exc.status != 429 or _time.monotonic() + pause > give_up:
                raise
        _time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _refuse(name, value):
    # Options Runnel cannot honour yet are refused rather than silently ignored.
    if value is not None:
        raise RunnelError(f"{name} is not supported by Runnel; leave it out", 400)


def get_variable(path):
    """The value of a variable; a secret's plaintext, masked in the job's logs."""
    return _call("get_variable", path=path)


def set_variable(path, value, is_secret=False):
    """Creates or updates a variable; `is_secret` makes a new one a secret, and leaving it out keeps what it was."""
    _call("set_variable", path=path, value=value, **({"is_secret": True} if is_secret else {}))


def get_resource(path, none_if_undefined=False):
    """A resource's value, its `$var:` fields resolved; None instead of a 404 with `none_if_undefined`."""
    try:
        return _call("get_resource", path=path)
    except RunnelError as exc:
        if none_if_undefined and exc.status == 404:
            return None
        raise


def get_state():
    """The state this script (and trigger) kept with set_state in an earlier run; None at first."""
    return _call("get_state")


def set_state(value):
    """Keeps `value` (any JSON value) for the next run of this script and trigger."""
    _call("set_state", value=value)


def _run_script(path, hash_, args, wait, timeout=None):
    if not path and not hash_:
        raise RunnelError("run_script needs the path or the hash_ of a script", 400)
    target = {"path": path} if path else {"hash": hash_}
    return _call("run_script", timeout=timeout, **target, args=args or {}, wait=wait)


def run_script(
    path=None,
    hash_=None,
    args=None,
    timeout=None,
    verbose=False,
    cleanup=True,
    assert_result_is_not_none=True,
):
    """Runs a script (by path, or by hash of one version) as a child of this job and returns its result.

    Its failure raises RunnelError with its message. `timeout` (seconds or a timedelta) stops the
    waiting, not the child; `verbose` and `cleanup` are accepted for Windmill's sake.
    """
    result = _run_script(path, hash_, args, True, timeout)
    if assert_result_is_not_none and result is None:
        raise RunnelError(f"the script {path or hash_} returned no result (None)", 500)
    return result


def run_script_by_path(path, args=None, timeout=None, verbose=False, cleanup=True, assert_result_is_not_none=False):
    return run_script(path, None, args, timeout, verbose, cleanup, assert_result_is_not_none)


def run_script_by_hash(hash_, args=None, timeout=None, verbose=False, cleanup=True, assert_result_is_not_none=False):
    return run_script(None, hash_, args, timeout, verbose, cleanup, assert_result_is_not_none)


def run_script_async(hash_or_path=None, args=None, scheduled_in_secs=None, path=None, hash_=None):
    """Starts a script as a child of this job without waiting; the child's job id.

    Windmill's module function takes `hash_or_path` (a path has a `/`), its client `path=`/`hash_=`.
    """
    _refuse("scheduled_in_secs", scheduled_in_secs)
    if hash_or_path is not None:
        path, hash_ = (hash_or_path, None) if "/" in hash_or_path else (None, hash_or_path)
    return _run_script(path, hash_, args, False)


def run_script_by_path_async(path, args=None, scheduled_in_secs=None):
    return run_script_async(args=args, scheduled_in_secs=scheduled_in_secs, path=path)


def run_script_by_hash_async(hash_, args=None, scheduled_in_secs=None):
    return run_script_async(args=args, scheduled_in_secs=scheduled_in_secs, hash_=hash_)


def _run_flow(path, args, wait, timeout=None):
    if not path:
        raise RunnelError("run_flow needs the path of a flow", 400)
    return _call("run_flow", timeout=timeout, path=path, args=args or {}, wait=wait)


def run_flow(path, args=None, timeout=None, verbose=False):
    """Runs a flow as a child of this job and returns its result; `timeout` stops the waiting."""
    return _run_flow(path, args, True, timeout)


def run_flow_async(path, args=None, scheduled_in_secs=None, do_not_track_in_parent=True):
    """Starts a flow as a child of this job without waiting; the flow's job id.

    The child always records its parent, so `do_not_track_in_parent` changes nothing here.
    """
    _refuse("scheduled_in_secs", scheduled_in_secs)
    return _run_flow(path, args, False)


def get_resume_urls(approver=None):
    """The URLs that resume or cancel this job's flow at a suspend step: approvalPage, resume, cancel."""
    return _call("get_resume_urls", **({} if approver is None else {"approver": approver}))


def set_progress(value, job_id=None):
    """Reports this job's progress, 0-100, rounded to a whole percent as the platform keeps it.

    Another job's (`job_id`) is not this job's to set.
    """
    if job_id is not None and job_id != _os.environ.get("RUNNEL_JOB_ID"):
        raise RunnelError("set_progress sets this job's progress only; leave job_id out", 400)
    _call("set_progress", percent=round(value) if isinstance(value, float) else value)

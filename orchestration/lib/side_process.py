"""A second Python process that does part of a run's work on the other core: Great Expectations' validations
(lib.gx_process) and dbt's builds (lib.dbt_process).

A run's own Python (Dagster's start, the events each step makes) and the Python of Great Expectations or dbt (their
imports, about 3 s and 2 s, and their work per expectation or per node) took turns on one interpreter lock: on two
cores a thread beside the run saved nothing. A spawned process imports its library while the run starts and then
does that library's work when asked, one call at a time.

The calls are module-level functions (they travel by name) with picklable arguments and results. `call` returns
one result; `stream` yields what a generator function yields as it yields it. An error in the process is raised
here with its traceback; a process that dies is a `SideProcessDied` naming the call, and the next call starts a new
process. A stream the caller stops reading ends the process, so its remaining items never reach the next call.
The process leaves once its exit handlers ran, without tearing its interpreter down (as `gongkai` itself does):
it holds nothing open between calls.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import multiprocessing.util  # noqa: F401  (registers its exit handler now: see _ensure_started)
import os
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger(__name__)


class SideProcessDied(RuntimeError):
    pass


class SideProcessError(RuntimeError):
    pass


class SideProcess:
    def __init__(self, name: str):
        self.name = name
        self._lock = threading.RLock()
        self._process = None
        self._conn = None
        self._stop_at_exit = False

    def start(self, fn: Callable | None = None, *args) -> None:
        """Spawn the process (once) and have it run `fn(*args)` at once (an import, a parse) without waiting for it:
        a failure there is logged, and the call that needed it fails in its turn."""
        with self._lock:
            self._ensure_started()
            if fn is not None:
                self._conn.send(("cast", fn, args))

    def call(self, fn: Callable, *args) -> Any:
        for kind, value in self._exchange("call", fn, args):
            return value

    def stream(self, fn: Callable, *args) -> Iterator:
        for kind, value in self._exchange("stream", fn, args):
            if kind == "item":
                yield value

    def stop(self) -> None:
        """Ask the process to leave, and end it if it does not."""
        with self._lock:
            process, conn, self._process, self._conn = self._process, self._conn, None, None
        if process is None:
            return
        try:
            conn.send(("stop", None, ()))
        except OSError:
            pass
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
        conn.close()

    def _exchange(self, kind: str, fn: Callable, args: tuple) -> Iterator[tuple[str, Any]]:
        with self._lock:
            self._ensure_started()
            self._conn.send((kind, fn, args))
            finished = False
            try:
                while True:
                    try:
                        reply, value = self._conn.recv()
                    except (EOFError, OSError) as exc:
                        finished = True
                        self.stop()
                        raise SideProcessDied(
                            f"the {self.name} process ended during {fn.__name__} (killed, or out of memory: see the "
                            f"system log); that call did not finish") from exc
                    if reply == "error":
                        finished = True
                        raise SideProcessError(f"{fn.__name__} failed in the {self.name} process:\n{value}")
                    if reply == "done":
                        finished = True
                        yield reply, value
                        return
                    yield reply, value
            finally:
                if not finished:
                    self.stop()  # the caller stopped reading: what is left of this call must not reach the next

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        if self._process is not None:
            self.stop()  # died between calls
        if not self._stop_at_exit:
            # exit handlers run last-registered first: this one runs before multiprocessing's, which would
            # terminate the process mid-exit (its semaphores then reported leaked) rather than let it leave
            atexit.register(self.stop)
            self._stop_at_exit = True
        context = multiprocessing.get_context("spawn")  # a fork would copy the run's threads' locks mid-use
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), name=f"gongkai-{self.name}", daemon=True)
        self._process.start()
        child.close()


def _serve(conn) -> None:
    """The side process: run what is asked, one call at a time, until told to stop or the run's end closes."""
    while True:
        try:
            kind, fn, args = conn.recv()
        except EOFError:
            kind = "stop"
        if kind == "stop":
            # out once the exit handlers ran (logging's; multiprocessing's, which releases the semaphores dbt's
            # locks hold), without tearing the interpreter down
            atexit._run_exitfuncs()
            os._exit(0)
        try:
            if kind == "cast":
                fn(*args)
            elif kind == "call":
                conn.send(("done", fn(*args)))
            else:
                for item in fn(*args):
                    conn.send(("item", item))
                conn.send(("done", None))
        except Exception as exc:
            if kind == "cast":
                log.warning("%s failed ahead of its use", fn.__name__, exc_info=True)
            else:
                conn.send(("error", "".join(traceback.format_exception(exc))))

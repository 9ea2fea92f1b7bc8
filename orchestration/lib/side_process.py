"""A second Python process that does part of a run's work on the other core: Great Expectations' validations
(lib.gx_process) and dbt's builds (lib.dbt_process).

A run's own Python (Dagster's start, the events each step makes) and the Python of Great Expectations or dbt (their
imports, about 3 s and 2 s, and their work per expectation or per node) took turns on one interpreter lock: on two
cores a thread beside the run saved nothing. A spawned process imports its library while the run starts (or at its
first call) and then does that library's work when asked, one call at a time.

The calls are module-level functions (they travel by name) with picklable arguments and results. `call` returns
one result; `stream` yields what a generator function yields as it yields it. An error in the process is raised
here with its traceback; a process that dies is a `SideProcessDied` naming the call, and the next call starts a new
process. A call or stream that does not finish (the caller stops reading, is interrupted, the send fails) ends the
process at once, so nothing of it reaches the next call. The process leaves once its exit handlers ran, without
tearing its interpreter down (as `gongkai` itself does), and when the run's process is gone.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import multiprocessing.util  # noqa: F401  (registers its exit handler now: see _ensure_started)
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)


class SideProcessDied(RuntimeError):
    pass


class SideProcessError(RuntimeError):
    pass


class SideProcess:
    def __init__(self, name: str):
        self.name = name
        # held for a whole call or stream, yields included: a second one while a stream is open is refused (the
        # replies would interleave), never waited for
        self._busy = threading.Lock()
        self._process = None
        self._conn = None
        self._stop_at_exit = False

    def start(self, fn: Callable | None = None, *args) -> None:
        """Spawn the process (once) and have it run `fn(*args)` at once (an import, a parse) without waiting for it:
        a failure there is logged, and the call that needed it fails in its turn."""
        with self._claimed():
            self._ensure_started()
            if fn is not None:
                self._conn.send(("cast", pickle.dumps((fn, args))))

    def call(self, fn: Callable, *args) -> Any:
        for kind, value in self._exchange("call", fn, args):
            if kind != "done":
                raise SideProcessError(f"{fn.__name__}: the {self.name} process answered {kind!r}, not a result")
            return value

    def stream(self, fn: Callable, *args) -> Iterator:
        for kind, value in self._exchange("stream", fn, args):
            if kind == "item":
                yield value

    def stop(self) -> None:
        """Ask an idle process to leave, and end it if it does not within a few seconds."""
        process, conn, self._process, self._conn = self._process, self._conn, None, None
        if process is None:
            return
        try:
            conn.send(("stop", b""))
        except (OSError, ValueError):
            pass
        process.join(5)
        _end(process, conn)

    def _kill(self) -> None:
        """End the process now: it may be busy (sending a stream's items, building), and its work is abandoned."""
        process, conn, self._process, self._conn = self._process, self._conn, None, None
        if process is not None:
            _end(process, conn)

    @contextmanager
    def _claimed(self) -> Iterator[None]:
        if not self._busy.acquire(blocking=False):
            raise SideProcessError(f"the {self.name} process is busy with a call or stream that is still open")
        try:
            yield
        finally:
            self._busy.release()

    def _exchange(self, kind: str, fn: Callable, args: tuple) -> Iterator[tuple[str, Any]]:
        request = pickle.dumps((fn, args))  # an argument that does not pickle fails here, the process untouched
        with self._claimed():
            finished = False
            try:
                self._ensure_started()
                try:
                    self._conn.send((kind, request))
                except (OSError, ValueError) as exc:
                    raise SideProcessDied(f"the {self.name} process could not be asked for {fn.__name__}: {exc}") from exc
                while True:
                    try:
                        reply, value = self._conn.recv()
                    except (EOFError, OSError) as exc:
                        raise SideProcessDied(
                            f"the {self.name} process ended during {fn.__name__} (killed, or out of memory: see the "
                            f"system log); that call did not finish") from exc
                    if reply == "error":
                        finished = True
                        raise SideProcessError(f"{fn.__name__} failed in the {self.name} process:\n{value}")
                    if reply == "done":
                        finished = True
                    yield reply, value
                    if finished:
                        return
            finally:
                if not finished:
                    self._kill()  # what is left of this call must not reach the next

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        if self._process is not None:
            self._kill()  # died between calls
        if not self._stop_at_exit:
            # exit handlers run last-registered first: this one runs before multiprocessing's, which would
            # terminate the process mid-exit (its semaphores then reported leaked) rather than let it leave
            atexit.register(self.stop)
            self._stop_at_exit = True
        context = multiprocessing.get_context("spawn")  # a fork would copy the run's threads' locks mid-use
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, os.getpid()), name=f"gongkai-{self.name}",
                                        daemon=True)
        self._process.start()
        child.close()


def _end(process, conn) -> None:
    if process.is_alive():
        process.kill()
    process.join()
    conn.close()


def _serve(conn, parent: int) -> None:
    """The side process: run what is asked, one call at a time, until told to stop or the run's process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the run, which stops this process itself
    threading.Thread(target=_leave_when_orphaned, args=(parent,), daemon=True).start()
    while True:
        try:
            kind, request = conn.recv()
        except EOFError:
            kind, request = "stop", b""
        if kind == "stop":
            _leave()
        fn = args = None
        try:
            fn, args = pickle.loads(request)  # a function this process cannot import fails here, and says so
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
                log.warning("%s failed ahead of its use", getattr(fn, "__name__", "a call"), exc_info=True)
            else:
                conn.send(("error", "".join(traceback.format_exception(exc))))
        del fn, args, request  # the call's arguments (a validation frame) are not kept until the next call arrives


def _leave() -> None:
    # out once the exit handlers ran (logging's; multiprocessing's, which releases the semaphores dbt's locks
    # hold), without tearing the interpreter down
    atexit._run_exitfuncs()
    os._exit(0)


def _leave_when_orphaned(parent: int) -> None:
    """A run killed mid-build must not leave dbt holding the warehouse: the process leaves when its parent is gone
    (its pipe may stay open in the run's forked extraction workers, so the pipe's end alone does not tell)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)

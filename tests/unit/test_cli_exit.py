"""The installed command leaves without tearing the interpreter down, yet keeps what a normal exit guarantees:
the exit status, output written to a pipe, exit handlers registered during the command, non-daemon threads."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _console(body: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run orchestration.cli.console() in a fresh interpreter with main() replaced by `body` (a function body)."""
    script = textwrap.dedent("""
        import atexit, os, sys, threading, time
        import orchestration.cli as cli
        MARK = sys.argv[1]

        class Teardown:  # freed only when the interpreter tears its modules down
            def __init__(self):
                self.fd, self.write = os.open(MARK + ".teardown", os.O_WRONLY | os.O_CREAT), os.write
            def __del__(self):
                self.write(self.fd, b"torn down")
        kept = Teardown()

        def main():
        {body}
        cli.main = main
        cli.console()
    """).format(body=textwrap.indent(textwrap.dedent(body), "    "))
    return subprocess.run([sys.executable, "-c", script, str(tmp_path / "mark")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_status_output_and_exit_handlers_survive(tmp_path):
    done = _console("""
        def late():
            time.sleep(0.2)
            open(MARK + ".thread", "w").write("thread")
        threading.Thread(target=late).start()
        atexit.register(lambda: open(MARK, "w").write("handler"))
        print("summary line")  # block-buffered: stdout is a pipe
        return 3
    """, tmp_path)
    assert done.returncode == 3, done.stderr
    assert done.stdout == "summary line\n"
    assert (tmp_path / "mark").read_text() == "handler"
    assert (tmp_path / "mark.thread").read_text() == "thread"
    assert (tmp_path / "mark.teardown").read_text() == ""  # and then no teardown


def test_an_exception_tears_down_as_ever(tmp_path):
    done = _console("""
        raise RuntimeError("the reason")
    """, tmp_path)
    assert done.returncode == 1
    assert "RuntimeError: the reason" in done.stderr
    assert (tmp_path / "mark.teardown").read_text() == "torn down"  # the check above can see a teardown


def test_success_is_status_zero(tmp_path):
    done = _console("""
        print("ok")
        return 0
    """, tmp_path)
    assert (done.returncode, done.stdout) == (0, "ok\n")


def test_the_real_command_reports_a_missing_inbox(tmp_path):
    done = subprocess.run([sys.executable, "-m", "orchestration.cli", "run", "--inbox", str(tmp_path / "absent"),
                           "--warehouse", str(tmp_path / "w.duckdb")], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert f"inbox {tmp_path / 'absent'} is not a folder" in done.stderr


def test_output_that_cannot_be_written_is_never_a_success(tmp_path):
    done = _console("""
        import errno

        class FullDisk:  # what a redirect to a full disk does at the last flush
            def write(self, text):
                return len(text)
            def flush(self):
                raise OSError(errno.ENOSPC, "No space left on device")
        sys.stdout = FullDisk()
        print("rows")
        return 0
    """, tmp_path)
    assert done.returncode == 120
    assert "could not write the command's output" in done.stderr and "No space left" in done.stderr


def test_importing_the_command_registers_no_exit_handler():
    """console()'s handler must be the first registered, so that it runs after every other one."""
    done = subprocess.run([sys.executable, "-c", "import atexit, orchestration.cli; print(atexit._ncallbacks())"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "0", done.stderr


def test_a_memory_limit_that_is_not_a_size_is_refused_naming_the_variable(tmp_path):
    done = subprocess.run([sys.executable, "-m", "orchestration.cli", "run", "--inbox", str(tmp_path),
                           "--warehouse", str(tmp_path / "w.duckdb")], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "GONGKAI_DBT_MEMORY_LIMIT": "512"})
    assert done.returncode == 2
    assert "GONGKAI_DBT_MEMORY_LIMIT='512' is not a memory size" in done.stderr
    assert not (tmp_path / "w.duckdb").exists()


"""Start and stop a real Oxigraph SPARQL server for tests, with bounded waits.

>>> with oxigraph_server(tmp_path / "db") as url:  # doctest: +SKIP
...     GraphStore(url)

The server binds 127.0.0.1 on a free port and is stopped (terminated, then
killed) however the test ends.  Tests that use it skip when the ``oxigraph``
executable (PyPI ``oxigraph``, kg's ``cluster`` extra) is not installed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 15.0  # seconds for the server to answer its first request
STOP_TIMEOUT = 5.0


def oxigraph_executable() -> str | None:
    """The ``oxigraph`` command next to this Python, else on PATH, else None."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path | None = None, *extra_args: str) -> Iterator[str]:
    """Run ``oxigraph serve`` (on disk at ``location``, else in memory); yield its base URL."""
    exe = oxigraph_executable()
    if exe is None:
        raise RuntimeError("the `oxigraph` server is not installed: pip install oxigraph (kg[cluster])")
    port = free_port()
    args = [exe, "serve", "--bind", f"127.0.0.1:{port}", *extra_args]
    if location is not None:
        args += ["--location", str(location)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        stop(proc)


def wait_until_up(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
        try:
            with urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=1.0):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph did not answer at {url} within {START_TIMEOUT}s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(STOP_TIMEOUT)
    if proc.stderr:
        proc.stderr.close()

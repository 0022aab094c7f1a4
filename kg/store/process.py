"""Whether a process runs: how a lock left by a killed build (kg.pid, a server's writer lock) is known stale."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine (one of another user's counts).

    >>> alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

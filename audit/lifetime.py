"""Child processes end with their parent.

``audit ingest --workers N`` (and ``extract``/``run``) parse in N processes that spaCy
forks through ``multiprocessing``. If the parent is killed with SIGKILL (the OOM killer,
a CI timeout, ``kill -9``), nothing tells those workers: each blocks forever on its
queue, holding ~185 MB and the input files. On Linux the kernel can tell them:
``prctl(PR_SET_PDEATHSIG, SIGKILL)`` makes a process receive SIGKILL when the thread that
forked it dies. :func:`end_with_parent` registers that for every child this process
forks from then on (``os.register_at_fork``), since spaCy gives no worker initializer.

PDEATHSIG is cleared by fork and must be set in the child; a parent that died between
the fork and the ``prctl`` is caught by comparing the parent PID afterwards. Elsewhere
(no ``prctl``: macOS, Windows, or a ``spawn``/``forkserver`` start method, whose children
are not forked from this process) this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
"""From ``<linux/prctl.h>``."""

_registered = False
_forked_by = [0]
"""PID of the process that is forking, noted just before each fork (the child's copy
then names its parent even if the parent dies before the child looks)."""


def _prctl():
    """libc's ``prctl`` on Linux, else ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    return getattr(libc, "prctl", None)


def _in_child() -> None:
    """Runs in each forked child: die with the parent, or now if it is already gone."""
    prctl = _prctl()
    if prctl is None:
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != _forked_by[0]:
        os._exit(1)  # the parent died before the prctl took effect


def end_with_parent() -> bool:
    """Make every child forked from now on die when this process dies (once per process).
    Returns whether the platform supports it."""
    global _registered
    if _prctl() is None:
        return False
    if not _registered:
        os.register_at_fork(before=lambda: _forked_by.__setitem__(0, os.getpid()), after_in_child=_in_child)
        _registered = True
    return True

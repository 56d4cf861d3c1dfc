"""One writer per store: an advisory lock that dies with its process.

``flock`` is released by the kernel when the holder exits, however it exits, so a
lock left behind by a killed build is simply free; the pid written in the file
only lets the next build say whose lock it waited on or took over.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from kg.errors import KgError

LOCK_NAME = "lock"


class StoreLockedError(KgError):
    """Another build is writing the store."""


class StoreLock:
    """``with StoreLock(folder) as lock:`` holds the folder's lock or raises StoreLockedError at once."""

    def __init__(self, folder: str | Path):
        self.path = Path(folder) / LOCK_NAME
        self.previous_holder: int | None = None  # a dead process whose lock was taken over
        self._handle = None

    def __enter__(self) -> "StoreLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="ascii")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _pid_in(handle)
            handle.close()
            who = f"process {holder}" if holder else "another process"
            raise StoreLockedError(f"{self.path.parent}: the store is locked by {who} (another kg build is "
                                   "writing it); wait for it to finish") from None
        holder = _pid_in(handle)
        if holder and holder != os.getpid():
            self.previous_holder = holder  # it held the lock and is gone: the kernel freed it
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.flush()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def is_locked(folder: str | Path) -> bool:
    """Whether a live process holds the folder's lock (``kg doctor`` and readers ask)."""
    path = Path(folder) / LOCK_NAME
    if not path.exists():
        return False
    with open(path, "a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _pid_in(handle) -> int | None:
    handle.seek(0)
    text = handle.read().strip()
    return int(text) if text.isdigit() else None

"""Safe replacement of an index folder: one build at a time (a file lock), swap by renames, recovery after kills.

The new index is written to a hidden sibling folder and renamed into place; if a build dies between the two
renames, `recover` puts the previous index back. Nothing here writes index contents.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from pathlib import Path

MANIFEST = "manifest.json"


def tmp_path(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.tmp-{os.getpid()}"


def old_path(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.old"


def lock_path(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.lock"


def swap(tmp: Path, index_dir: Path) -> None:
    """Replace index_dir by tmp; if interrupted between the renames, `recover` puts the old one back."""
    old = old_path(index_dir)
    shutil.rmtree(old, ignore_errors=True)
    if index_dir.exists():
        os.rename(index_dir, old)
    os.rename(tmp, index_dir)
    shutil.rmtree(old, ignore_errors=True)


def identity(index_dir: Path) -> tuple[int, int] | None:
    """Inode and mtime of the manifest: a change means a build swapped in a new index."""
    try:
        st = os.stat(index_dir / MANIFEST)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def build_running(index_dir: Path) -> bool:
    """Another process (or this one) holds the build lock of this index folder."""
    lock = lock_path(index_dir)
    if not lock.exists():
        return False
    try:
        with open(lock, "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def wait_for_swap(index_dir: Path, seconds: float = 5.0) -> None:
    """While a running build swaps folders the index is briefly absent: wait for it, else recover."""
    deadline = time.monotonic() + seconds
    while not (index_dir / MANIFEST).exists() and build_running(index_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    recover_if_idle(index_dir)


def recover_if_idle(index_dir: Path) -> None:
    """Recover after a killed build, but never under a build that is running (it owns the folders)."""
    if not build_running(index_dir):
        recover(index_dir)


def recover(index_dir: Path) -> None:
    """After a build killed mid-swap, bring the previous index back; remove leftovers of killed builds."""
    old = old_path(index_dir)
    if not index_dir.exists() and (old / MANIFEST).exists():
        with contextlib.suppress(OSError):
            os.rename(old, index_dir)
    for leftover in index_dir.parent.glob(f".{index_dir.name}.tmp-*") if index_dir.parent.exists() else []:
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """One build at a time per index folder (the app and the CLI may both try)."""
    with open(lock_path(index_dir), "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)

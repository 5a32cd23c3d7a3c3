"""Safe replacement of an index folder: one build at a time (a file lock), swap by renames, recovery after kills.

The new index is written to a hidden sibling folder and renamed into place; if a build dies between the two
renames, `recover` puts the previous index back. Only a folder that is recognisably an index (its marker file,
or an older index's manifest) or an empty one is ever replaced; a symlinked index path swaps its target.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from pathlib import Path
from typing import Callable

MANIFEST = "manifest.json"
MARKER = ".policy-qa-index"  # written into every index folder: what makes a folder recognisably ours
MARKER_TEXT = "This folder is a policy-qa index; a build replaces it whole and `make clean` removes it.\n"
LOCK_REPORT_S = 10.0  # a build waiting for another one's lock says so at once, then every this many seconds


class NotAnIndexFolder(Exception):
    """The index path holds something that is not a policy-qa index: nothing there is moved, replaced or deleted."""


def real(index_dir: Path) -> Path:
    """The index folder itself: a symlinked index path is followed, so a build swaps the target, not the link."""
    index_dir = Path(index_dir)
    return Path(os.path.realpath(index_dir)) if index_dir.is_symlink() else index_dir


def tmp_path(index_dir: Path) -> Path:
    index_dir = real(index_dir)
    return index_dir.parent / f".{index_dir.name}.tmp-{os.getpid()}"


def old_path(index_dir: Path) -> Path:
    index_dir = real(index_dir)
    return index_dir.parent / f".{index_dir.name}.old"


def lock_path(index_dir: Path) -> Path:
    index_dir = real(index_dir)
    return index_dir.parent / f".{index_dir.name}.lock"


def is_ours(index_dir: Path) -> bool:
    """Missing, an empty folder, or an index folder (marker file, or the manifest of an index built before it)."""
    index_dir = real(index_dir)
    if not index_dir.exists():
        return True
    if not index_dir.is_dir():
        return False
    if (index_dir / MARKER).is_file() or not any(index_dir.iterdir()):
        return True
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "format_version" in manifest and "encoder" in manifest


def ensure_ours(index_dir: Path) -> None:
    """Raise NotAnIndexFolder, naming the folder and the fix, unless a build may replace what is there."""
    if is_ours(index_dir):
        return
    where = Path(index_dir)
    target = real(where)
    shown = f"{where} (a link to {target})" if target != where else str(where)
    if target.is_dir():
        names = sorted(p.name for p in target.iterdir())
        held = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        what = f"is a folder that is not a policy-qa index (it holds {held})"
    else:
        what = "is a file, not a folder"
    raise NotAnIndexFolder(
        f"{shown} {what}; nothing was changed. Choose an empty or new folder for the index "
        f"(--index DIR or POLICY_QA_INDEX_DIR), or move your own files out of it.")


def swap(tmp: Path, index_dir: Path) -> None:
    """Replace index_dir by tmp; if interrupted between the renames, `recover` puts the old one back."""
    ensure_ours(index_dir)
    index_dir = real(index_dir)
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
    index_dir = real(index_dir)
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
def build_lock(index_dir: Path, say: Callable[[str], None] | None = None):
    """One build at a time per index folder (the app and the CLI may both try); a wait is reported via `say`.

    NotAnIndexFolder before anything is touched when the index path holds someone else's files.
    """
    ensure_ours(index_dir)
    with file_lock(index_dir, say):
        yield


@contextlib.contextmanager
def file_lock(path: Path, say: Callable[[str], None] | None = None):
    """The exclusive lock file beside `path` (`.NAME.lock`), held for the block; a wait is reported via `say`."""
    with open(lock_path(path), "a") as fh:
        _acquire(fh, path, say or (lambda msg: None))
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _acquire(fh, index_dir: Path, say: Callable[[str], None]) -> None:
    """Take the lock; while another build holds it, say so at once and then every LOCK_REPORT_S seconds."""
    start = time.monotonic()
    next_report = start
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if next_report > start:
                say(f"lock free after {time.monotonic() - start:.0f} s; building")
            return
        except BlockingIOError:
            pass
        now = time.monotonic()
        if now >= next_report:
            say(f"waiting for another build of {index_dir} to finish (lock {lock_path(index_dir)}); "
                f"waited {now - start:.0f} s")
            next_report = now + LOCK_REPORT_S
        time.sleep(0.2)

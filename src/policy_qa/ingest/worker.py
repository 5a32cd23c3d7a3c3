"""Each PDF is read, cleaned, OCR'd and cut in a worker process with a time limit, from any thread.

A hostile or huge PDF that runs past `settings.file_timeout` (or crashes the reader) costs only its own worker:
it is killed, the file is reported by name ("took longer than N s") and the next file gets a fresh worker. One
worker per calling thread serves file after file (started once: spawned, so no lock held by another thread is
copied into it), and leaves by itself after a minute without work.
"""
from __future__ import annotations

import multiprocessing
import threading
import time
import weakref
from pathlib import Path

from ..config import Settings
from ..records import DocumentFacts
from .document import Ingested, PdfProblem, ingest_file

START_TIMEOUT_S = 300  # a worker that cannot even import the reader in this time is reported as such
IDLE_EXIT_S = 60  # a worker without a file for this long exits; the next file starts a new one

_local = threading.local()
_LIVE: "weakref.WeakKeyDictionary[_Worker, int]" = weakref.WeakKeyDictionary()  # worker → the thread it serves
_LIVE_LOCK = threading.Lock()


def stop_workers(threads: set[int]) -> None:
    """Kill the worker processes of these threads (an interrupted build): a file being read there ends at once."""
    with _LIVE_LOCK:
        mine = [w for w, t in _LIVE.items() if t in threads]
    for w in mine:
        w.kill()


def ingest_in_worker(path: Path, rel: str, entry: DocumentFacts | None, settings: Settings,
                     sha256: str = "") -> Ingested:
    """`ingest_file` in this thread's worker process, within settings.file_timeout seconds; else PdfProblem."""
    worker = getattr(_local, "worker", None)
    if worker is not None and not worker.usable():
        worker.kill()
        worker = None
    if worker is None:
        worker = _local.worker = _Worker()
    try:
        return worker.run((Path(path), rel, entry, settings, sha256), settings.file_timeout)
    except PdfProblem:
        raise
    except BaseException:
        worker.kill()
        raise


class _Worker:
    """One child process and the pipe to it."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="policy-qa-ingest")
        self._proc.start()
        child.close()
        self._ready = False
        self._used = time.monotonic()
        self._kill_lock = threading.Lock()
        with _LIVE_LOCK:
            _LIVE[self] = threading.get_ident()

    def usable(self) -> bool:
        """Alive and well before its idle exit (replaced early, so a job never races the worker's exit)."""
        return self._proc.is_alive() and time.monotonic() - self._used < IDLE_EXIT_S / 2

    def kill(self) -> None:
        """Stop the process and close the pipe; safe to call twice and from two threads (an interrupted build)."""
        with self._kill_lock:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(5)
            if not self._conn.closed:
                self._conn.close()

    def run(self, job: tuple, timeout: float) -> Ingested:
        """Send one file, wait at most `timeout` s for its result; the worker is killed when it runs out."""
        if not self._ready:
            if not self._conn.poll(START_TIMEOUT_S) or self._recv() != ("ready", None):
                self.kill()
                raise PdfProblem(f"the PDF reader process did not start within {START_TIMEOUT_S} s; skipped")
            self._ready = True
        self._conn.send(job)
        self._used = time.monotonic()
        if not self._conn.poll(timeout):
            self.kill()
            raise PdfProblem(f"took longer than {timeout:g} s (damaged, hostile or very large PDF; "
                             f"POLICY_QA_FILE_TIMEOUT sets the limit); skipped")
        kind, value = self._recv()
        self._used = time.monotonic()
        if kind == "ok":
            return value
        if kind == "problem":
            raise PdfProblem(value)
        raise RuntimeError(value)

    def _recv(self):
        try:
            return self._conn.recv()
        except (EOFError, OSError):  # the child died (a crash in a C library): only this file is lost
            self.kill()
            return "problem", f"the PDF reader crashed on this file (exit code {self._proc.exitcode}); skipped"


def _serve(conn) -> None:
    """The worker's loop: one job in, ("ok", Ingested) | ("problem", why) | ("error", what) out."""
    conn.send(("ready", None))
    while conn.poll(IDLE_EXIT_S):
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            reply = ("ok", ingest_file(*job))
        except PdfProblem as exc:
            reply = ("problem", str(exc))
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {str(exc)[:200]}")
        conn.send(reply)

"""Parse isolation: every extraction runs in a worker process with limits.

Each worker is a separate (spawned) process with an address-space limit
(``RLIMIT_AS``); the parent enforces a wall-clock timeout per file and kills
a worker that overruns, dies or runs out of memory, marks that one file
failed with the reason, starts a fresh worker and goes on. Workers are kept
between files (imports and language profiles load once) and run in parallel,
one per core by default. This is the defence Apache Tika uses against
parsers that hang or explode on hostile input.
"""

from __future__ import annotations

import contextlib
import logging
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from kb.config import Settings
from kb.errors import ExtractionError, KBError
from kb.models import DocumentRecord

_START_TIMEOUT = 120.0


@dataclass
class Outcome:
    path: str
    record: DocumentRecord | None
    error: str | None
    seconds: float


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(conn: Connection) -> None:
    """Worker main loop: prepare each job sent, answer with ("ok", record) or ("failed", reason)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its complaints about damaged files become statuses
    settings: Settings = conn.recv()
    _limit_memory(settings.worker_memory_mb)
    from ingest.enrich import load_enricher
    from ingest.prepare import Preparer

    preparer = Preparer(settings, load_enricher(settings))
    conn.send(("ready", None))
    memory = f"memory limit {settings.worker_memory_mb} MiB exceeded"
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(("ok", preparer.prepare(job)))
        except MemoryError:
            with contextlib.suppress(Exception):
                conn.send(("failed", memory))
            return  # state after a MemoryError is not trusted: the parent starts a new worker
        except RecursionError:
            conn.send(("failed", "structure nested too deeply to read (damaged or hostile file)"))
        except ExtractionError as exc:
            conn.send(("failed", str(exc)))
        except OSError as exc:
            conn.send(("failed", f"cannot read the file ({exc.strerror or exc})"))
        except Exception as exc:  # noqa: BLE001 - any parser bug ends as this file's failure, never the batch's
            conn.send(("failed", f"unexpected error in the parser: {type(exc).__name__}: {str(exc)[:200]}"))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    job: Any = None
    started: float = 0.0
    spawned: float = 0.0


class WorkerPool:
    """Runs ``Job``s (``.path``, ``.abspath``) in isolated processes; yields an Outcome per job."""

    def __init__(self, settings: Settings, size: int | None = None) -> None:
        self.settings = settings
        self.size = max(1, size or settings.worker_count)
        self._workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        """A fresh interpreter running this module; it never re-imports the caller's main module."""
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "ingest.worker", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        conn = Connection(ours.detach())
        conn.send(self.settings)
        return _Worker(process, conn, spawned=time.monotonic())

    def _stop(self, worker: _Worker, kill: bool = False) -> None:
        if kill and worker.process.poll() is None:
            worker.process.kill()
        try:
            worker.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait(timeout=5)
        worker.conn.close()

    def _death_reason(self, worker: _Worker) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=5)
        code = worker.process.returncode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            hint = "; probably out of memory" if -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT) else ""
            return f"the parser crashed ({name}){hint} (memory limit {self.settings.worker_memory_mb} MiB)"
        limit = self.settings.worker_memory_mb
        return f"the parser process ended unexpectedly (exit code {code}; memory limit {limit} MiB)"

    def run(self, jobs: Iterable[Any], progress: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
        pending = deque(jobs)
        if not pending:
            return
        timeout = self.settings.worker_timeout
        start_failures = 0
        self._workers = [self._spawn() for _ in range(min(self.size, len(pending)))]
        try:
            while pending or any(w.job is not None for w in self._workers):
                for worker in self._workers:
                    if worker.ready and worker.job is None and pending:
                        worker.job = pending.popleft()
                        worker.started = time.monotonic()
                        worker.conn.send(worker.job)
                now = time.monotonic()
                deadlines = [w.started + timeout - now for w in self._workers if w.job is not None]
                waiting = [w.conn for w in self._workers]
                ready = wait(waiting, timeout=max(0.05, min(deadlines, default=1.0)))
                for conn in ready:
                    worker = next(w for w in self._workers if w.conn is conn)
                    kind: str
                    payload: Any
                    try:
                        kind, payload = worker.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "died", None
                    if kind == "ready":
                        worker.ready = True
                        start_failures = 0
                        continue
                    if kind == "died" and not worker.ready:
                        start_failures += 1
                        if start_failures >= 3:
                            raise KBError(
                                f"extraction workers cannot start ({self._death_reason(worker)}); "
                                "check KB_WORKER_MEMORY_MB"
                            )
                        self._replace(worker)
                        continue
                    job = worker.job
                    worker.job = None
                    if job is None:
                        continue
                    elapsed = time.monotonic() - worker.started
                    if kind == "ok":
                        outcome = Outcome(job.path, payload, None, elapsed)
                    elif kind == "failed":
                        outcome = Outcome(job.path, None, payload, elapsed)
                    else:
                        outcome = Outcome(job.path, None, self._death_reason(worker), elapsed)
                    if kind != "ok" and (kind == "died" or "memory limit" in str(payload)):
                        self._replace(worker, kill=True)
                    if progress:
                        progress(outcome)
                    yield outcome
                now = time.monotonic()
                for worker in list(self._workers):
                    if worker.job is not None and now - worker.started > timeout:
                        job = worker.job
                        worker.job = None
                        self._replace(worker, kill=True)
                        outcome = Outcome(job.path, None, f"timeout after {timeout:g} s", now - worker.started)
                        if progress:
                            progress(outcome)
                        yield outcome
                    elif not worker.ready and now - worker.spawned > _START_TIMEOUT:
                        raise KBError("extraction workers did not start within two minutes")
        finally:
            self.close()

    def _replace(self, worker: _Worker, kill: bool = False) -> None:
        self._stop(worker, kill=kill)
        index = self._workers.index(worker)
        self._workers[index] = self._spawn()

    def close(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(OSError, BrokenPipeError):
                worker.conn.send(None)
            self._stop(worker)
        self._workers = []


def peak_child_memory_mb() -> float:
    """Largest resident set of any finished child process so far (MiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])))

"""How long each write transaction holds SQLite's write lock, measured on the app's own engine.

The portal opens every write transaction with BEGIN IMMEDIATE (wardportal.database), so the lock is held
from the engine's "begin" event to its "commit" or "rollback". `WriteLockTimer` records each hold with the
code that took it, so a test can say "no write transaction held the lock longer than 100 ms" about a whole
operation — a statement import, a photo upload, an outbox run — and name the culprit when one did.
"""

from __future__ import annotations

import sqlite3
import time
import traceback
from dataclasses import dataclass, field

from sqlalchemy import event

from wardportal.kernel.database import _is_read_only_request

# The bound: no write transaction may keep every other writer of the install waiting longer.
MAX_HOLD_SECONDS = 0.100


@dataclass
class Hold:
    """One write transaction: how long it held the lock, and where it began."""

    seconds: float
    began_at: str
    cpu_seconds: float = 0.0


@dataclass
class WriteLockTimer:
    """Collects the write-lock holds of one engine while it is attached (use it as a context manager)."""

    engine: object
    holds: list[Hold] = field(default_factory=list)

    def _began(self, connection):
        if _is_read_only_request():
            return
        frames = [f for f in traceback.extract_stack(limit=40)
                  if "/wardportal/" in f.filename and "/site-packages/" not in f.filename]
        where = " <- ".join(f"{f.filename.rsplit('/wardportal/', 1)[1]}:{f.lineno} {f.name}"
                            for f in reversed(frames[-4:]))
        connection.info["lock_timer_t0"] = (time.perf_counter(), where or "?", time.thread_time())

    def _ended(self, connection):
        started = connection.info.pop("lock_timer_t0", None)
        if started is not None:
            self.holds.append(Hold(time.perf_counter() - started[0], started[1], time.thread_time() - started[2]))

    def __enter__(self) -> WriteLockTimer:
        event.listen(self.engine, "begin", self._began)
        event.listen(self.engine, "commit", self._ended)
        event.listen(self.engine, "rollback", self._ended)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "begin", self._began)
        event.remove(self.engine, "commit", self._ended)
        event.remove(self.engine, "rollback", self._ended)

    @property
    def longest(self) -> Hold | None:
        return max(self.holds, key=lambda hold: hold.seconds, default=None)

    def assert_short(self, limit: float = MAX_HOLD_SECONDS, *, cpu_bound: bool = False) -> None:
        """Fail, naming each culprit, when a write transaction held the lock longer than `limit`.

        `cpu_bound`: for work that only computes and queries under the lock (no sleeping, no network), a hold
        is too long only when the thread also *worked* that long — on a loaded test machine a thread may wait
        for a core (or the GIL, with a second test thread) in the middle of a short batch. Never use it where
        the slow thing is a wait (a provider call): that is exactly what it would let through.
        """
        assert self.holds, "no write transaction was timed: is the timer on the app's engine?"
        long = [hold for hold in self.holds
                if hold.seconds > limit and (not cpu_bound or hold.cpu_seconds > limit)]
        assert not long, "write lock held too long:\n" + "\n".join(
            f"  {hold.seconds * 1000:.1f} ms ({hold.cpu_seconds * 1000:.1f} ms CPU) from {hold.began_at}"
            for hold in long)


def lock_is_free(database) -> bool:
    """Whether another connection to the SQLite file `database` could take the write lock right now."""
    other = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()

"""Progress of a build's slow steps (encoding): how far, how fast, how long still; for the CLI bar and app status."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

STAGES = {"passages": "encoding passages", "sentences": "encoding sentences", "words": "encoding corpus words",
          "english": "encoding passages for English questions"}


@dataclass(frozen=True)
class Step:
    """One progress event: `done` of `total` items of a stage after `seconds`; `file` holds the last item done."""

    stage: str
    done: int
    total: int
    seconds: float
    file: str = ""

    @property
    def rate(self) -> float:
        """Items per second so far (0 before the first batch is done)."""
        return self.done / self.seconds if self.seconds > 0 and self.done else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds still to go at the rate so far; None before there is a rate."""
        return (self.total - self.done) / self.rate if self.rate else None

    def __str__(self) -> str:
        eta = self.eta_seconds
        left = f", nog ~{clock(eta)}" if eta is not None and self.done < self.total else ""
        where = f" ({self.file})" if self.file else ""
        return f"{STAGES.get(self.stage, self.stage)} {self.done}/{self.total}, {self.rate:.1f}/s{left}{where}"


def clock(seconds: float) -> str:
    """m:ss (or h:mm:ss) for a duration."""
    s = int(round(seconds))
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m}:{s % 60:02d}"


def tracker(stage: str, total: int, say: Callable[[object], None], files: list[str] | None = None):
    """A `done(n)` callback for encode_in_batches that reports a Step per batch (`files[i]`: the file of item i).

    The first Step (done 0) goes out at once, so a bar shows while the first batch is encoded.
    """
    t0 = time.perf_counter()
    if total:
        say(Step(stage, 0, total, 0.0, files[0] if files else ""))

    def done(n: int) -> None:
        say(Step(stage, n, total, time.perf_counter() - t0, files[n - 1] if files and n else ""))

    return done

"""Progress for long runs: a live bar (count, total where known, rate, ETA) on a terminal, nothing otherwise.

Commands print their own plain summary at the end; while the bar is shown, their error and warning
lines go through `Progress.line` so they appear above it instead of tearing it.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO


class Progress:
    """A progress display for `what` (e.g. "converting"); silent when the stream is not a terminal."""

    def __init__(self, what: str, total: int | None = None, *, enabled: bool = True, unit: str = "article",
                 stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.what = what
        self.unit = unit
        self.total = total
        self.done = 0
        self.failed = 0
        self.started = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None
        if self.enabled:
            self._start()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress
        from rich.text import Text

        unit = self.unit

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.1f} {unit}s/s" if speed else f"– {unit}s/s")

        console = Console(file=self.stream, stderr=self.stream is sys.stderr)
        self._bar = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), Rate(), TextColumn("ETA"), TimeRemainingColumn(),
                                 TextColumn("elapsed"), TimeElapsedColumn(), console=console, transient=True,
                                 redirect_stdout=False)  # results on a redirected stdout stay there
        self._bar.start()
        self._task = self._bar.add_task(self.what, total=self.total)

    def set_total(self, total: int | None) -> None:
        """The total, once it is known (after an archive was scanned, or a cluster planned its tasks)."""
        self.total = total
        if self._bar is not None:
            self._bar.update(self._task, total=total)

    def describe(self, text: str) -> None:
        """Change what the bar says it is doing ("loading (1,200 articles)")."""
        self.what = text
        if self._bar is not None:
            self._bar.update(self._task, description=text)

    def advance(self, count: int = 1, *, failed: bool = False) -> None:
        self.done += count
        if failed:
            self.failed += count
        if self._bar is not None:
            self._bar.update(self._task, advance=count)

    def line(self, text: str, *, stdout: bool = False) -> None:
        """Print one message line (above the bar on a terminal); `stdout` for results rather than messages.

        A result line goes to standard output; when that is the same terminal as the bar, it is printed
        through the bar, so it appears above it instead of tearing it."""
        out = sys.stdout if stdout else self.stream
        if self._bar is not None and (not stdout or out.isatty()):
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            out.write(text + "\n")
            out.flush()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

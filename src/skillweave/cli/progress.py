"""The one progress display of the command line: a bar on standard error when it is a terminal,
nothing otherwise (pipes, CI logs, tests).

By default it redraws only when the work reports progress (no thread of its own), at most ten
times a second, so that worker processes can be forked while it shows; ``animate=True`` redraws
from a thread as well (a spinner and the elapsed time keep moving through long phases that report
nothing, such as writing a database), for work that forks no process.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """Use as a context manager; the work calls :meth:`phase`, :meth:`advance` or :meth:`update`.

    ``sizes=True`` shows the amounts as bytes (an import reads files), else as ``done/total``;
    ``rate="texts"`` adds the pace ("120 texts/s").
    """

    INTERVAL = 0.1

    def __init__(self, description: str | None = None, total: int | None = None, *, sizes: bool = False,
                 animate: bool = False, enabled: bool | None = None, rate: str | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._first = (description, total)
        self._sizes = sizes
        self._animate = animate
        self._rate = rate
        self._bar = None
        self._task = None
        self._shown = 0.0

    def __enter__(self) -> "Progress":
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.text import Text
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress as Bar,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        class Amount(DownloadColumn if self._sizes else MofNCompleteColumn):  # type: ignore[misc]
            def render(self, task):  # nothing for a phase of unknown size
                return super().render(task) if task.total is not None else ""

        unit = self._rate

        class Rate(TextColumn):
            def render(self, task):
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.0f} {unit}/s" if speed else "")

        columns = (TextColumn("{task.description}"), BarColumn(), Amount(),
                   *((Rate(""),) if unit else ()),
                   TimeElapsedColumn() if self._animate else TimeRemainingColumn())
        if self._animate:
            columns = (SpinnerColumn(), *columns)
        self._bar = Bar(*columns, console=Console(stderr=True), transient=True, auto_refresh=self._animate)
        self._bar.start()
        description, total = self._first
        if description is not None:
            self.phase(description, total)
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def phase(self, description: str, total: int | None) -> None:
        """A new phase of ``total`` units starts (None: of unknown size); the last one is complete."""
        if self._bar is None:
            return
        if self._task is not None:
            self._bar.update(self._task, completed=self._bar.tasks[-1].total or 0)
            self._bar.stop_task(self._task)
        self._task = self._bar.add_task(description, total=total)
        self._refresh(force=True)

    def advance(self, amount: int = 1, description: str | None = None) -> None:
        """``amount`` more units of the current phase are done."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=amount, **({"description": description} if description else {}))
            self._refresh()

    def update(self, done: int, total: int | None = None) -> None:
        """``done`` units of the phase are done (of ``total``, if it changed)."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=done, **({"total": total} if total is not None else {}))
            self._refresh(force=total is not None and done >= total)

    def _refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self._animate and (force or now - self._shown >= self.INTERVAL):
            self._shown = now
            self._bar.refresh()

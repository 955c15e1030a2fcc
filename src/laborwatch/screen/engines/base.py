"""The batch engine interface: an adapter chosen by the LABORWATCH_BATCH_ENGINE setting (local or spark).

An engine reads the input file, screens every valid record with ``laborwatch.screen.batch.screen_record`` (the
same function everywhere, so engines agree row for row), writes ``OUTPUT_COLUMNS`` rows in input order, and
returns a ``BatchSummary`` that lists the rows it could not use, by line.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from laborwatch.screen.batch import BatchSummary
from laborwatch.screen.index import ScreeningIndex

ProgressCallback = Callable[[int], None]  # called with the number of records just finished


class BatchEngine(ABC):
    name: str = ""

    @abstractmethod
    def run(self, input_path: str, output_path: str, *, index: ScreeningIndex, limit: int, threshold: float,
            on_progress: ProgressCallback | None = None) -> BatchSummary:
        """Screen every record of ``input_path`` into ``output_path``."""

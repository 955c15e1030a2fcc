"""The one error intake raises: which file, and what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class IntakeError(ValueError):
    """A file cannot become a document. ``str()`` names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

"""What every command module shares: the consoles, the error exit, and progress that hides off a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

console = Console()
err_console = Console(stderr=True)

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a specific error on standard error and exit non-zero."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def progress(items: Iterable[T], *, total: int | None, label: str) -> Iterator[T]:
    """A rich progress bar on a terminal; nothing at all when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield from items
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)

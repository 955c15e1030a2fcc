"""The ``laborwatch`` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import importlib

import typer

from laborwatch import __version__

app = typer.Typer(
    name="laborwatch",
    help="Sourced evidence, section 302 reports and sanctions screening on North Korea's overseas labor.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# One module per command group; each exposes ``register(app)``. Order is the order of ``--help``.
COMMAND_MODULES = (
    "laborwatch.cli.documents",
    "laborwatch.cli.extract",
    "laborwatch.cli.db",
    "laborwatch.cli.claims",
    "laborwatch.cli.review",
    "laborwatch.cli.entities",
    "laborwatch.cli.engagements",
    "laborwatch.cli.backup",
    "laborwatch.cli.report",
    "laborwatch.cli.demo",
    "laborwatch.cli.users",
    "laborwatch.cli.serve",
    "laborwatch.cli.lists",
    "laborwatch.cli.screen",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"laborwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """LaborWatch: documents -> claims -> review -> estimates -> reports; lists -> index -> screening."""


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def run() -> None:
    app()

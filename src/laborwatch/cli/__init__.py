"""The command-line face: Typer commands that parse arguments, call the stages, and print. No logic here."""

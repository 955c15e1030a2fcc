"""The README's main command installs only laborwatch[reports]: the CLI must start without the web extra."""

from __future__ import annotations

import subprocess
import sys


def test_cli_starts_without_loading_web_only_packages() -> None:
    code = ("import sys, laborwatch.cli.main; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'click') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"

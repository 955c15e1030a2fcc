"""Deterministic ids: the same defining fields always give the same id, on any machine and database.

Like followthemoney's statement ids, an id is a SHA-1 over the defining fields joined with a separator that
cannot occur in them; SHA-1 is used for compactness (40 hex digits), not for security.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

_SEP = "\x1f"  # ASCII unit separator: never part of a name, quote or date


def make_id(*parts: object) -> str:
    return hashlib.sha1(_SEP.join(_norm(p) for p in parts).encode("utf-8")).hexdigest()


def _norm(part: object) -> str:
    if part is None:
        return ""
    if isinstance(part, bool):
        return "t" if part else "f"
    if isinstance(part, float) and part.is_integer():
        return str(int(part))
    if isinstance(part, (list, tuple)):
        return ",".join(_norm(p) for p in part)
    return str(part)


def sha256_file(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()

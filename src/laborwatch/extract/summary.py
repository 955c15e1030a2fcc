"""What an extraction run changed, counted per kind, and the words the CLI and the web app print for it.

An extractor version reads each stored document once. For a document it finds claims that are *new* (stored
as proposed), claims that are *unchanged* (an existing claim already says the same thing, so no row is added)
and earlier undecided proposals it does not find again (*withdrawn*). The same counts go into the document's
``document.extract`` audit entry, so the web app can show what the last extraction of a document changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from laborwatch.extract.version import EXTRACTOR
from laborwatch.store.models import AuditEntry, Claim

CHANGES = ("new", "withdrawn", "unchanged")
_WORDS = {
    "new": "claim(s) proposed for review",
    "withdrawn": "undecided earlier proposal(s) no longer found",
    "unchanged": "claim(s) found again but already stored, no new row",
}


@dataclass
class DocumentChanges:
    """What one extractor version changes in one document's claims (``laborwatch.extract.pipeline``)."""

    sha256: str
    new: list[Claim] = field(default_factory=list)  # rows to store as proposed
    unchanged: list[Claim] = field(default_factory=list)  # what it found that is already stored (not stored again)
    refound: list[Claim] = field(default_factory=list)  # earlier undecided proposals among those: last_seen bumped
    withdrawn: list[Claim] = field(default_factory=list)  # earlier undecided proposals it did not find again


@dataclass
class ExtractSummary:
    extractor: str = EXTRACTOR
    dry_run: bool = False  # counted without writing anything
    documents: int = 0  # documents extracted in this run
    skipped: int = 0  # documents this version had already extracted
    new: Counter[str] = field(default_factory=Counter)  # per kind
    withdrawn: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def claims(self) -> int:
        """Claims stored (or, in a dry run, that would be): the new ones."""
        return sum(self.new.values())

    @property
    def by_kind(self) -> Counter[str]:
        return self.new

    def add(self, changes: DocumentChanges) -> None:
        self.documents += 1
        self.new.update(row.kind for row in changes.new)
        self.withdrawn.update(row.kind for row in changes.withdrawn)
        self.unchanged.update(row.kind for row in changes.unchanged)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"new": {kind: n}, "withdrawn": {...}, "unchanged": {...}}``, JSON-ready, kinds sorted."""
        return {change: {kind: n for kind, n in sorted(getattr(self, change).items()) if n} for change in CHANGES}

    def header(self) -> str:
        if self.dry_run:
            return (f"{self.extractor} dry run, nothing written: {self.documents} document(s) would be extracted, "
                    f"{self.skipped} already done")
        return f"{self.extractor}: {self.documents} document(s) extracted, {self.skipped} already done"

    def change_lines(self) -> list[str]:
        """One line per kind of change: its total, what it means, and the split by claim kind."""
        lines = []
        for change, by_kind in self.counts().items():
            kinds = ", ".join(f"{n} {kind}" for kind, n in by_kind.items())
            lines.append(f"{change}: {sum(by_kind.values())} {_WORDS[change]}" + (f" ({kinds})" if kinds else ""))
        return lines

    def lines(self) -> list[str]:
        """What ``laborwatch extract`` prints: the header, then the changes indented under it."""
        return [self.header(), *(f"  {line}" for line in self.change_lines())]


@dataclass(frozen=True)
class LastExtraction:
    """The latest extraction of one document, from its audit entry: who ran which version, when, what changed."""

    extractor: str
    actor: str
    at: datetime
    summary: ExtractSummary | None  # None for entries written before the changes were counted


def last_extraction(session: Session, document_sha256: str) -> LastExtraction | None:
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "document", AuditEntry.object_id == document_sha256,
                                 AuditEntry.action == "document.extract")
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1)).first()
    if entry is None:
        return None
    detail: dict[str, Any] = entry.detail or {}
    extractor = str(detail.get("extractor") or "")
    summary = None
    if all(isinstance(detail.get(change), dict) for change in CHANGES):
        summary = ExtractSummary(extractor=extractor, documents=1, new=Counter(detail["new"]),
                                 withdrawn=Counter(detail["withdrawn"]), unchanged=Counter(detail["unchanged"]))
    return LastExtraction(extractor=extractor, actor=entry.actor, at=entry.at, summary=summary)

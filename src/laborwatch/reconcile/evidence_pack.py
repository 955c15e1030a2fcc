"""The evidence pack: curated, sourced figures shipped with LaborWatch, loaded as proposed claims.

The pack (``data/evidence_pack/claims.csv``, built by ``laborwatch.reconcile.build_pack``) holds one row per
figure per source, with the publisher, date, URL and reliability of that source. Loading it inserts each row as
a ``Claim`` with ``dataset="evidence-pack"``, ``origin="evidence-pack@<version>"`` and the ``citation_*``
fields filled, status ``proposed``: like every claim it reaches a report only after a person accepts it.
Organizations become entities with their aliases. Claim ids are hashes of the pack row id, so loading the
pack twice changes nothing.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from laborwatch.evidence.ids import make_id
from laborwatch.store.db import Store, record_audit, utcnow
from laborwatch.store.models import Claim, Entity, EntityAlias

DATASET = "evidence-pack"
INT_FIELDS = ("count", "low", "high")


class PackError(ValueError):
    """The evidence pack file is malformed (names the file and line)."""


@dataclass(frozen=True)
class LoadResult:
    version: str
    added: int
    unchanged: int
    entities: int


def pack_dir() -> Path:
    return Path(str(resources.files("laborwatch") / "data" / "evidence_pack"))


def pack_version(directory: Path | None = None) -> str:
    meta = tomllib.loads(((directory or pack_dir()) / "pack.toml").read_text(encoding="utf-8"))
    return str(meta["version"])


def read_pack(directory: Path | None = None) -> list[dict[str, Any]]:
    """The pack's rows with numbers parsed; a bad row raises PackError naming the file and line."""
    path = (directory or pack_dir()) / "claims.csv"
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            row: dict[str, Any] = {k: (v if v != "" else None) for k, v in raw.items()}
            if not row.get("pack_id") or not row.get("kind"):
                raise PackError(f"{path}:{line}: every row needs pack_id and kind")
            for name in INT_FIELDS:
                if row.get(name) is not None:
                    try:
                        row[name] = int(row[name])
                    except ValueError:
                        raise PackError(f"{path}:{line}: {name} must be a whole number, not {row[name]!r}") from None
            rows.append(row)
    return rows


def claim_id_for(pack_id: str) -> str:
    return make_id("claim", DATASET, pack_id)


def entity_id_for(name: str) -> str:
    """The review stage's id for an organization, so accepting a pack claim links to the same entity."""
    from laborwatch.review.entities import entity_id_for as review_entity_id

    return review_entity_id("Organization", name)


def _designations(text: str | None) -> list[dict[str, str]]:
    out = []
    for item in (text or "").split("|"):
        if item:
            authority, ident, programs, listed = ([*item.split(":", 3), "", "", ""])[:4]
            out.append({"authority": authority, "id": ident, "programs": programs.replace("+", ";"),
                        "listed": listed})
    return out


def _claim(row: dict[str, Any], version: str, now: Any) -> Claim:
    extra: dict[str, Any] = {"pack_id": row["pack_id"], "reliability": row.get("reliability"),
                             "summary": row.get("summary")}
    for key in ("caveat", "aliases", "home_country", "parent"):
        if row.get(key):
            extra[key] = row[key]
    if row.get("flags"):
        extra["flags"] = row["flags"].split(";")
    if row.get("designations"):
        extra["designations"] = _designations(row["designations"])
    amount = row.get("count")
    if row["kind"] == "worker_count" and amount is None and row.get("qualifier") == "range":
        amount = (row["low"] + row["high"]) // 2  # the extractor's convention: a range's count is its midpoint
    return Claim(
        id=claim_id_for(row["pack_id"]), kind=row["kind"], version=1, dataset=DATASET, country=row.get("country"),
        count=amount, low=row.get("low"), high=row.get("high"), qualifier=row.get("qualifier"),
        category=row.get("category"), employer=row.get("employer"), sector=row.get("sector"),
        action=row.get("action"), event_date=row.get("event_date"), name=row.get("name"), role=row.get("role"),
        attributed_to=row.get("attributed_to"), as_of=row.get("as_of"), extra=extra,
        citation_publisher=row.get("publisher"), citation_title=None,  # the pack keeps no article titles
        citation_date=row.get("source_date"), citation_url=row.get("url"), restricted=False,
        origin=f"{DATASET}@{version}", status="proposed", created_at=now, first_seen=now, last_seen=now,
    )


def _ensure_entity(session: Session, row: dict[str, Any], now: Any) -> tuple[str, bool]:
    entity_id = entity_id_for(row["name"])
    created = False
    if session.get(Entity, entity_id) is None:
        session.add(Entity(id=entity_id, schema="Organization", name=row["name"], country=row.get("home_country"),
                           created_at=now))
        session.flush()
        created = True
    known = set(session.scalars(select(EntityAlias.alias).where(EntityAlias.entity_id == entity_id)))
    for alias in [row["name"], *(row.get("aliases") or "").split(";")]:
        if alias and alias not in known:
            session.add(EntityAlias(entity_id=entity_id, alias=alias, claim_id=None))
            known.add(alias)
    return entity_id, created


def load_pack(store: Store, *, actor: str, directory: Path | None = None) -> LoadResult:
    """Insert the pack's rows as proposed claims (idempotent), in one transaction with one audit entry."""
    version = pack_version(directory)
    rows = read_pack(directory)
    now = utcnow()
    added = unchanged = entities = 0
    with store.transaction() as session:
        existing = set(session.scalars(select(Claim.id).where(Claim.dataset == DATASET)))
        for row in rows:
            claim = _claim(row, version, now)
            if row["kind"] == "employer" and row.get("name"):
                claim.entity_id, created = _ensure_entity(session, row, now)
                entities += created
            if claim.id in existing:
                unchanged += 1
                continue
            session.add(claim)
            added += 1
        record_audit(session, actor=actor, action="pack.load", object_type="dataset", object_id=DATASET,
                     detail={"version": version, "added": added, "unchanged": unchanged, "entities": entities})
    return LoadResult(version=version, added=added, unchanged=unchanged, entities=entities)


def accept_pack(store: Store, *, actor: str, note: str = "curated evidence pack") -> int:
    """Accept every proposed evidence-pack claim through the review library (each decision audited)."""
    from laborwatch.review import accept_claims

    with store.transaction() as session:
        ids = list(session.scalars(select(Claim.id).where(Claim.dataset == DATASET, Claim.status == "proposed",
                                                          Claim.superseded_by.is_(None)).order_by(Claim.id)))
        if ids:
            accept_claims(session, ids, actor=actor, note=note)
    return len(ids)

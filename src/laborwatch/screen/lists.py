"""Loaded sanctions lists in the store: versions, swaps, and the screening index built from the current ones.

A load parses the whole file inside one transaction: the new ``ListVersion`` and its ``ListedEntity`` rows are
written, and only then do the list's older versions stop being current. Any error (a malformed file, a
database failure) rolls the transaction back, so the version that was current stays current.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select, update

from laborwatch.evidence.ids import make_id
from laborwatch.screen.formats import FORMATS, ListFormatError, read_list
from laborwatch.screen.index import ListedRecord, ScreeningIndex
from laborwatch.store.db import Store, record_audit, utcnow
from laborwatch.store.models import ListedEntity, ListVersion

INSERT_BATCH = 2000
INDEX_CACHE_VERSION = "2"  # bump when the index layout changes, so stale cached indexes are rebuilt

DEFAULT_NAMES = {"ofac-csv": "us_ofac_sdn", "ofac-xml": "us_ofac", "un-xml": "un_sc_sanctions"}


@dataclass(frozen=True)
class LoadResult:
    version_id: str
    list_name: str
    format: str
    sha256: str
    published: str | None
    entity_count: int
    name_count: int
    replaced: list[str]


def file_hash(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files in name order (the OFAC CSV set)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.name.encode() + b"\x00")
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def default_list_name(path: Path, fmt: str) -> str:
    return DEFAULT_NAMES.get(fmt) or path.stem.split(".")[0]


def load_list(store: Store, path: str | Path, fmt: str, *, name: str | None = None, actor: str) -> LoadResult:
    """Load a list file as a new version of list ``name`` and make it current once every row is written."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ListFormatError(f"unknown list format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if not path.exists():
        raise ListFormatError(f"{path}: no such file or folder")
    list_name = name or default_list_name(path, fmt)
    sha = file_hash(path)
    loaded_at = utcnow()
    version_id = make_id("list-version", list_name, sha, loaded_at.isoformat())
    parsed = read_list(path, fmt)
    entities = names = 0
    seen: set[str] = set()
    with store.transaction() as session:
        version = ListVersion(id=version_id, list_name=list_name, format=fmt, sha256=sha,
                              source_path=str(path.resolve()), published=None, entity_count=0, name_count=0,
                              is_current=False, loaded_at=loaded_at, loaded_by=actor)
        session.add(version)
        session.flush()
        batch: list[dict[str, object]] = []
        for rec in parsed.records:
            if rec.entity_id in seen:
                raise ListFormatError(f"{path}: entity id {rec.entity_id!r} appears twice")
            seen.add(rec.entity_id)
            entities += 1
            names += len(rec.names)
            batch.append({"version_id": version_id, "entity_id": rec.entity_id, "schema": rec.schema,
                          "caption": rec.caption[:1000], "names": rec.names, "countries": rec.countries,
                          "birth_dates": rec.birth_dates, "programs": rec.programs,
                          "extra": {"dataset": rec.list_name} if rec.list_name else {}})
            if len(batch) >= INSERT_BATCH:
                session.execute(insert(ListedEntity), batch)
                batch = []
        if batch:
            session.execute(insert(ListedEntity), batch)
        if not entities:
            raise ListFormatError(f"{path}: no listed entities found; is it really {fmt}?")
        replaced = list(session.scalars(select(ListVersion.id).where(
            ListVersion.list_name == list_name, ListVersion.is_current.is_(True))))
        session.execute(update(ListVersion).where(ListVersion.id.in_(replaced)).values(is_current=False))
        version.published = parsed.meta.get("published")
        version.entity_count = entities
        version.name_count = names
        version.is_current = True
        record_audit(session, actor=actor, action="list.load", object_type="list_version", object_id=version_id,
                     detail={"list": list_name, "format": fmt, "sha256": sha, "entities": entities,
                             "names": names, "replaced": replaced})
    return LoadResult(version_id, list_name, fmt, sha, parsed.meta.get("published"), entities, names, replaced)


def list_versions(store: Store, *, current_only: bool = True) -> list[ListVersion]:
    with store.transaction() as session:
        query = select(ListVersion).order_by(ListVersion.list_name, ListVersion.loaded_at.desc())
        if current_only:
            query = query.where(ListVersion.is_current.is_(True))
        return list(session.scalars(query))


@dataclass
class LoadedIndex:
    """The index over the current lists and the list versions it was built from."""

    index: ScreeningIndex
    versions: list[str]


def build_index(store: Store) -> LoadedIndex:
    """The index over every current list, cached on disk per set of current versions (rebuilt on a load)."""
    with store.transaction() as session:
        versions = sorted(session.scalars(select(ListVersion.id).where(ListVersion.is_current.is_(True))))
    cache_dir = store.settings.home / "cache"
    key = hashlib.sha256(("|".join([INDEX_CACHE_VERSION, *versions])).encode()).hexdigest()[:24]
    cache = cache_dir / f"screening-index-{key}.pickle"
    if cache.is_file():
        try:
            with cache.open("rb") as handle:
                cached: LoadedIndex = pickle.load(handle)  # our own file, written below
            return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            cache.unlink(missing_ok=True)
    records: list[ListedRecord] = []
    with store.transaction() as session:
        names = {v.id: v.list_name for v in session.scalars(select(ListVersion).where(
            ListVersion.id.in_(versions)))}
        rows = session.execute(select(ListedEntity.version_id, ListedEntity.entity_id, ListedEntity.schema,
                                      ListedEntity.caption, ListedEntity.names, ListedEntity.countries,
                                      ListedEntity.birth_dates, ListedEntity.programs, ListedEntity.extra)
                               .where(ListedEntity.version_id.in_(versions)).order_by(ListedEntity.pk))
        for vid, eid, schema, caption, lnames, countries, births, programs, extra in rows:
            records.append(ListedRecord(eid, (extra or {}).get("dataset") or names[vid], schema, caption,
                                        list(lnames), list(countries or []), list(births or []),
                                        list(programs or []), version_id=vid))
    result = LoadedIndex(ScreeningIndex(records), versions)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for stale in cache_dir.glob("screening-index-*.pickle"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache)  # atomic: a reader never sees half a file
    return result

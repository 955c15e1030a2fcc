"""Review tests insert documents and proposed claims directly, as the extractor would, on either database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from laborwatch.evidence.ids import make_id
from laborwatch.store import Store
from laborwatch.store.db import utcnow
from laborwatch.store.models import Claim, Document

# Written for these tests; the outlet and company are invented.
GULF_TEXT = (
    "Harbor Ledger, 12 September 2017.\n\n"
    "Officials in Doha said about 1,000 North Korean construction workers remained in Qatar at the end of "
    "August. A contractor, Almaz Building Co., employed 120 of them on a stadium site near the port. "
    "Workers said they kept 150 dollars of a 700 dollar monthly wage; the rest went to a state company. "
    "The ministry added that no new visas would be issued to North Korean nationals."
)
STEPPE_TEXT = (
    "Steppe Courier, March 2019.\n\n"
    "Between 1,200 and 1,500 North Korean workers were still in Mongolia in January, the labor office said. "
    "The Almaz Building Company, a contractor named in earlier reports, had left the country."
)


def add_document(store: Store, text: str, *, title: str, publisher: str, published: str,
                 restricted: bool = False) -> str:
    sha = make_id("test-document", text) + "0" * 24  # 64 hex characters, like a SHA-256
    with store.transaction() as session:
        session.add(Document(sha256=sha, filename=f"{title}.txt", media_type="text/plain", size=len(text),
                             title=title, publisher=publisher, published=published, text=text,
                             restricted=restricted, metadata_origin={}, added_at=utcnow(), added_by="tester"))
    return sha


def add_claim(store: Store, document: str, quote: str, kind: str, *, claim_id: str | None = None,
              **values: Any) -> str:
    """A proposed claim on the exact characters of ``quote`` in the document, as the extractor records it."""
    now = utcnow()
    with store.transaction() as session:
        doc = session.get(Document, document)
        assert doc is not None
        start = doc.text.index(quote)
        cid = claim_id or make_id("test-claim", document, start, kind, sorted(values.items()))
        session.add(Claim(id=cid, kind=kind, version=1, dataset="documents", document_sha256=document,
                          start=start, end=start + len(quote), quote=quote, origin="rules@test",
                          status="proposed", restricted=doc.restricted, extra={}, created_at=now, first_seen=now,
                          last_seen=now, **values))
    return cid


@pytest.fixture
def gulf(store: Store) -> dict[str, str]:
    """One document with three proposed claims: a worker count, an employer and a wage."""
    doc = add_document(store, GULF_TEXT, title="Workers remain", publisher="Harbor Ledger", published="2017-09-12")
    return {
        "document": doc,
        "count": add_claim(store, doc, "about 1,000 North Korean construction workers remained in Qatar",
                           "worker_count", country="QA", count=1000, qualifier="about", as_of="2017-08",
                           sector="construction"),
        "employer": add_claim(store, doc, "Almaz Building Co., employed 120", "employer", country="QA",
                              name="Almaz Building Co.", role="employer"),
        "wage": add_claim(store, doc, "kept 150 dollars of a 700 dollar monthly wage", "wage", country="QA",
                          gross_per_month=700.0, received_per_month=150.0, currency="USD"),
    }


@pytest.fixture
def steppe(store: Store) -> dict[str, str]:
    doc = add_document(store, STEPPE_TEXT, title="Workers still in Mongolia", publisher="Steppe Courier",
                       published="2019-03")
    return {
        "document": doc,
        "range": add_claim(store, doc, "Between 1,200 and 1,500 North Korean workers were still in Mongolia",
                           "worker_count", country="MN", low=1200, high=1500, as_of="2019-01"),
        "employer": add_claim(store, doc, "The Almaz Building Company", "employer", country="MN",
                              name="The Almaz Building Company", role="employer"),
    }


Seeder = Callable[..., str]

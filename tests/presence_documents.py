"""Two short documents written for LaborWatch's presence and place tests, stored and run through the extractor.

The outlet, the researcher, the officials and the cable are invented. The field notes give two worker counts in
named Chinese cities and vague amounts ("Thousands", "Hundreds", "Dozens") for Laos, Cambodia and Nepal; the
cable, stored as a restricted document, gives a vague amount for Equatorial Guinea and carries a marker that must
never appear in a public output.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from laborwatch.evidence.intake import DocumentMetadata, add_path
from laborwatch.extract.pipeline import extract_pending
from laborwatch.store import Store
from laborwatch.store.models import Claim

FIELD_NOTES = (
    "Field notes on North Korean labour in Asia\n\n"
    "Thousands of North Korean workers remain in Vientiane, according to a regional labour researcher. Most "
    "of them work on farms and in hotel construction.\n\n"
    "In China, about 3,000 North Korean laborers work in seafood plants in Dandong, a trade official said. "
    "Another 1,500 North Korean workers are employed at garment factories in Hunchun, the official added.\n\n"
    "Hundreds of North Korean workers are employed on building sites in Cambodia, a tour operator claimed.\n\n"
    "Dozens of North Korean workers run restaurants in Nepal, a local newspaper reported.\n"
)
RESTRICTED_MARKER = "ZQXJ-PRESENCE-4412"
CABLE = (
    f"Confidential cable {RESTRICTED_MARKER}\n\n"
    "Several hundred North Korean laborers work at logging camps in Equatorial Guinea, a diplomatic source said.\n"
)
# What each test looks a claim up by: (kind, country).
CLAIMS = {"laos": ("presence", "LA"), "cambodia": ("presence", "KH"), "nepal": ("presence", "NP"),
          "guinea": ("presence", "GQ")}


def add_and_extract(store: Store, folder: Path) -> dict[str, str]:
    """Store both documents, run ``laborwatch extract``'s library call, and name the claims the tests use."""
    folder.mkdir(parents=True, exist_ok=True)
    notes, cable = folder / "field-notes.txt", folder / "cable.txt"
    notes.write_text(FIELD_NOTES, encoding="utf-8")
    cable.write_text(CABLE, encoding="utf-8")
    add_path(store, notes, actor="tester", metadata=DocumentMetadata(
        publisher="Frontier Labour Review", published="2019-06-03", url="https://example.org/field-notes"))
    add_path(store, cable, actor="tester", metadata=DocumentMetadata(
        publisher="Embassy cable", published="2019-07", restricted=True))
    extract_pending(store, actor="tester")
    with store.transaction() as session:
        claims = list(session.scalars(select(Claim)))
    found = {name: next(c.id for c in claims if (c.kind, c.country) == key) for name, key in CLAIMS.items()}
    for place in ("Dandong", "Hunchun"):
        found[place.lower()] = next(c.id for c in claims if c.kind == "worker_count" and c.place == place)
    return found

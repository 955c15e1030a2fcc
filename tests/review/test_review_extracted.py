"""Review over what the extractor really proposes: `laborwatch add`, `laborwatch extract`, then decisions.

Skipped where the extraction stage is not installed in this tree (it is built separately); everything else
about review is tested on claims inserted directly.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.review import claim_context, list_claims
from laborwatch.store import Store
from tests.conftest import SAMPLES


def test_review_extracted_claims_from_the_samples(cli: CliRunner, store: Store) -> None:
    added = cli.invoke(app, ["add", str(SAMPLES / "gulf-labor-briefing.txt"),
                             str(SAMPLES / "china-seafood-plants.md")])
    assert added.exit_code == 0, added.output
    extracted = cli.invoke(app, ["extract"])
    if extracted.exit_code == 2 and "No such command" in extracted.output:
        pytest.skip("the extraction stage is not in this tree")
    assert extracted.exit_code == 0, extracted.output
    listing = json.loads(cli.invoke(app, ["claims", "--status", "proposed", "--format", "json"]).output)
    assert listing["total"] >= 3, listing
    with store.transaction() as s:
        for claim in list_claims(s, status="proposed").claims:  # every proposal points at its exact characters
            assert claim_context(s, claim).quote_matches, claim.id
    first, second = listing["claims"][0]["id"], listing["claims"][1]["id"]
    assert cli.invoke(app, ["claims", "accept", first[:8]]).exit_code == 0
    assert cli.invoke(app, ["claims", "reject", second[:8], "--reason", "test rejection"]).exit_code == 0
    walk = cli.invoke(app, ["review", "--as", "hana"], input="s\nq\n")
    assert walk.exit_code == 0 and "1 skipped" in walk.output, walk.output
    with store.transaction() as s:
        assert list_claims(s, status="accepted").total == 1
        assert list_claims(s, status="rejected").total == 1
        assert list_claims(s, status="proposed").total == listing["total"] - 2

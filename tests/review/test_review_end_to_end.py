"""From `laborwatch add` to a decision: claims on a real stored document, reviewed from the command line.

The claims are inserted as the extractor records them (exact characters of the stored text), so this test
does not depend on the extraction stage; it checks that review works on intake's real text and page offsets.
"""

from __future__ import annotations

import re

from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.review import claim_context, list_claims
from laborwatch.store import Store
from laborwatch.store.models import Document
from tests.conftest import SAMPLES
from tests.review.conftest import add_claim


def test_review_claims_on_stored_sample_documents(cli: CliRunner, store: Store) -> None:
    result = cli.invoke(app, ["add", str(SAMPLES / "gulf-labor-briefing.txt"),
                              str(SAMPLES / "mongolia-quota-bulletin.pdf")])
    assert result.exit_code == 0, result.output
    with store.transaction() as s:
        docs = {d.filename: (d.sha256, d.text, d.page_starts) for d in s.query(Document)}
    gulf_sha, gulf_text, _ = docs["gulf-labor-briefing.txt"]
    first_figure = re.search(r"about [\d,]+ North Korean laborers[^.]*", gulf_text)
    assert first_figure is not None
    count = int(first_figure.group(0).split()[1].replace(",", ""))
    gulf_claim = add_claim(store, gulf_sha, first_figure.group(0), "worker_count", country="QA", count=count,
                           qualifier="about")
    pdf_sha, pdf_text, page_starts = docs["mongolia-quota-bulletin.pdf"]
    assert page_starts and len(page_starts) == 2
    second_page = pdf_text[page_starts[1]:]
    sentence = re.search(r"[A-Z][^.]{20,}\.", second_page)
    assert sentence is not None
    pdf_claim = add_claim(store, pdf_sha, sentence.group(0), "policy_action", country="MN", action="quota",
                          page=2)

    result = cli.invoke(app, ["review", "--document", gulf_sha[:8], "--as", "fatima"], input="a\n")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "»" + " ".join(first_figure.group(0).split()) + "«" in flat
    assert "1 accepted" in flat and "0 still proposed" in flat  # counted within the walk's document
    result = cli.invoke(app, ["review", "--as", "fatima"], input="e\naction=quota_cut\n\n\n")
    assert result.exit_code == 0, result.output
    assert "0 accepted, 0 rejected, 1 edited" in result.output and "0 still proposed" in result.output

    with store.transaction() as s:
        accepted = {c.kind: c for c in list_claims(s, status="accepted").claims}
        assert accepted["worker_count"].id == gulf_claim and accepted["worker_count"].reviewer == "fatima"
        edited = accepted["policy_action"]
        assert edited.supersedes == pdf_claim and edited.action == "quota_cut" and edited.page == 2
        context = claim_context(s, edited)
        assert context.quote_matches and context.quote == sentence.group(0)
        assert edited.start is not None and edited.start >= page_starts[1]

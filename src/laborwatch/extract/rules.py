"""The rule-based extractor: a document's text in, proposed claims with exact offsets out."""

from __future__ import annotations

from typing import Any

from laborwatch.extract.context import DocumentContext
from laborwatch.extract.employers import find_employers
from laborwatch.extract.facts import Fact, find_repatriations, find_wages
from laborwatch.extract.model import ExtractedClaim
from laborwatch.extract.policy import find_policy_actions
from laborwatch.extract.repeats import one_claim_per_fact
from laborwatch.extract.segment import Sentence, is_english
from laborwatch.extract.tables import table_figures
from laborwatch.extract.version import EXTRACTOR
from laborwatch.extract.workers import WorkerFigure, find_worker_figures


def extract_text(text: str, published: str | None = None) -> list[ExtractedClaim]:
    """Every claim the rules find in ``text``; ``published`` (YYYY[-MM[-DD]]) resolves "last year" and the like.

    Text that is not English yields nothing: the rules are English rules, and a wrong claim costs a reviewer
    more than a missing one.
    """
    if not text or not is_english(text):
        return []
    ctx = DocumentContext.build(text, published)
    claims: list[ExtractedClaim] = []
    table_claims, table_spans = table_figures(ctx)
    figures: list[WorkerFigure] = []
    employers_seen: set[str] = set()
    steps_seen: set[tuple[str, str]] = set()  # a host government's step restated later is one step
    for sentence in ctx.sentences:
        if any(s < sentence.end and sentence.start < e for s, e in table_spans):
            continue
        found = find_worker_figures(ctx, sentence, figures)
        # Earlier figures in the paragraph let "puts the number at 1,800" inherit what is being counted.
        figures.extend(found)
        claims.extend(_worker_claim(ctx, f) for f in found)
        for fact in (*find_policy_actions(ctx, sentence, steps_seen), *find_wages(ctx, sentence),
                     *find_repatriations(ctx, sentence), *find_employers(ctx, sentence, employers_seen)):
            claims.append(_fact_claim(ctx, fact))
        ctx.note_sources(sentence)
    claims.extend(table_claims)
    claims.sort(key=lambda c: (c.start, c.kind))
    return one_claim_per_fact(claims)


def _worker_claim(ctx: DocumentContext, f: WorkerFigure) -> ExtractedClaim:
    m = f.mention
    confidence = 0.35 + 0.3 * f.country_confidence + (0.15 if f.direct else 0.0) + (0.1 if f.nk_in_phrase else 0.0)
    confidence += 0.05 if f.attributed_to else 0.0
    s = f.sentence
    rule = f"{f.tie}; country: {f.located_by}"
    if m.vague:  # "tens of thousands": evidence that they work there, not a figure
        values: dict[str, Any] = {"qualifier": m.qualifier, "category": f.category, "employer": f.employer,
                                  "sector": f.sector, "place": f.place}
        return ExtractedClaim("presence", f.country, ctx.text[s.start:s.end], s.start, s.end, f.attributed_to,
                              f.as_of, EXTRACTOR, round(min(confidence, 0.95), 2), values,
                              rule=f"vague quantity '{ctx.text[m.start:m.end]}'; {rule}")
    values = {"count": m.count, "low": m.low, "high": m.high, "qualifier": m.qualifier, "category": f.category,
              "employer": f.employer, "sector": f.sector, "place": f.place}
    return ExtractedClaim("worker_count", f.country, ctx.text[s.start:s.end], s.start, s.end, f.attributed_to,
                          f.as_of, EXTRACTOR, round(min(confidence, 0.95), 2), values, rule=rule)


def _fact_claim(ctx: DocumentContext, fact: Fact) -> ExtractedClaim:
    s: Sentence = fact.sentence
    return ExtractedClaim(fact.kind, fact.country, ctx.text[s.start:s.end], s.start, s.end, fact.attributed_to,
                          fact.as_of, EXTRACTOR, round(min(fact.confidence, 0.95), 2), dict(fact.values),
                          rule=fact.rule)

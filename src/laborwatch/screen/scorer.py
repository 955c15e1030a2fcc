"""The name score in [0, 1] and the explanation of it.

A query and a listed name are compared two ways, and the better one counts:

* ``tokens``: every query token is paired with its most similar listed token (exact, the same Korean
  romanization key, edit distance, an initial, a truncated prefix, the same consonant skeleton). Coverage of
  the query and coverage of the listed name are each weighted by token rarity (IDF) and word class (legal forms,
  titles and particles weigh little). A query token left unmatched costs more than a listed token the query
  leaves out, because lists carry middle names and legal forms that records drop.
* ``joined``: the names written without spaces, in the written order and with the surname moved (the lists
  write ``KIM, Jong Un``; records write ``Jong Un Kim``), compared by edit distance. This catches ``Yongho`` for
  ``Yong Ho`` and ``Namsan`` for ``NAM SAN``.

Birth date, country and schema then adjust the score; every adjustment is listed in the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from rapidfuzz.distance import OSA as Levenshtein  # optimal string alignment: a transposition is one edit
from rapidfuzz.distance import Indel
from rapidfuzz.fuzz import ratio

from laborwatch.screen.korean import korean_key
from laborwatch.screen.normalize import (
    CLASS_FACTORS,
    LEGAL_FORMS,
    ORGANIZATION_MARKERS,
    UNMATCHED_FACTORS,
    abjad_key,
    clean,
    is_abjad,
    name_classes,
    skeleton,
    unmatched_factor,
    word_class,
)

# Feature weights (tuned on the development sets in ../shared/bench/screening; see docs/screening.md).
QUERY_COVERAGE_WEIGHT = 0.62
LIST_COVERAGE_WEIGHT = 0.38
JOINED_DISCOUNT = 0.97  # the joined comparison ignores rarity, so it counts slightly less than tokens
JOINED_STEEPNESS = 2.5  # joined spellings must be nearly equal: each point of edit distance costs 2.5 points
ROMANIZATION_SIM = 0.95
INITIAL_SIM = 0.72
PREFIX_SIM = 0.86
ABJAD_SIM = 0.85  # same consonants from Arabic script: enough to rank, too weak to alert on its own
SKELETON_SIM = 0.9  # vowels dropped on purpose or by a careless hand; skeletons of 4+ consonants only
DROPPED_SIM = 0.9  # one letter left out of a word of 5+ letters: the commonest slip at a keyboard
FLOOR = 0.55  # token similarity below this counts as no match at all
GENERIC_CAP = 0.8  # a query of legal forms and particles alone ranks its near matches, never alerts on them

ORGANIZATION_SCHEMAS = frozenset({"Organization", "Company", "PublicBody"})  # LegalEntity: type unknown


class PreparedName(NamedTuple):
    """A name in the form the scorer compares: tokens, their weights and their Korean keys.

    A named tuple rather than a dataclass: the index holds ~60,000 of them and tuples pickle several times
    faster, which is what loading a cached index or shipping it to Spark executors costs.
    """

    text: str
    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    keys: tuple[str, ...]  # Korean keys; empty strings when Korean folding does not apply
    skeletons: tuple[str, ...]  # consonant skeletons ("" for short tokens)
    plain_joined: tuple[str, ...]  # written without spaces: as written, surname moved last, last moved first
    key_joined: tuple[str, ...]  # the same from Korean keys (empty when Korean folding does not apply)
    abjad: tuple[str, ...]  # consonant keys; a query's are empty unless it was written in Arabic script
    classes: tuple[str, ...] = ()  # a query's word classes (what an unmatched word costs); empty for listed names


def _orders(parts: tuple[str, ...]) -> tuple[str, ...]:
    if len(parts) < 2:
        return ("".join(parts),)
    # "KIM, Jong Un" is written "kim jong un"; records write "jong un kim" (and the reverse).
    return tuple(dict.fromkeys(("".join(parts), "".join(parts[1:] + parts[:1]), "".join(parts[-1:] + parts[:-1]))))


def prepare(text: str, idf: dict[str, float] | None = None, *, korean: bool = True,
            default_idf: float = 1.0, query: bool = False, person: bool = False) -> PreparedName:
    """``person``: the name is a person's, so no word of it is a legal form (see ``name_classes``)."""
    toks = tuple(clean(text).split())
    classes = name_classes(toks, person=person, query=query)
    weights = tuple(CLASS_FACTORS[c] * ((idf or {}).get(t, default_idf)) for t, c in zip(toks, classes, strict=True))
    keys = tuple(korean_key(t) for t in toks) if korean else tuple("" for _ in toks)
    abjad = tuple(abjad_key(t) for t in toks) if not query or is_abjad(text) else ("",) * len(toks)
    return PreparedName(text, toks, weights, keys, tuple(skeleton(t) for t in toks), _orders(toks),
                        _orders(keys) if korean and toks else (), abjad, classes if query else ())


def unmatched_factors(query: PreparedName) -> tuple[float, ...]:
    """What each query word costs when it matches nothing on a listed name."""
    if query.classes:
        return tuple(UNMATCHED_FACTORS[c] for c in query.classes)
    return tuple(unmatched_factor(t) for t in query.tokens)


def is_generic(query: PreparedName) -> bool:
    """Only legal forms, titles, particles or country markers ("Limited S.A."): the query names no one,
    however many listed names share those words. Letters in a row are one word: "S A" is a legal form,
    "I S" (I&S) an initialism that names a party."""
    if not query.classes:
        return False
    letters = ""
    for token, cls in zip((*query.tokens, ""), (*query.classes, "end"), strict=True):
        if len(token) == 1:
            letters += token
            continue
        if letters and (len(letters) == 1 or letters not in LEGAL_FORMS):
            return False  # a lone initial, or an initialism
        letters = ""
        if cls == "name":
            return False
    return True


def query_kind(query: PreparedName, schema: str) -> tuple[str, str | None]:
    """The kind of party the query names, and the word that said so when the schema did not.

    A name that carries a company's legal form ("Hassan Limited", "Fortune Ltd") names a company whatever
    kind the record left unsaid, so a listed person or vessel with the same words is another party.
    """
    kind = schema_kind(schema)
    if kind == "any":
        for token in query.tokens:
            if token in ORGANIZATION_MARKERS:
                return "organization", token
    return kind, None


def _token_sim(q: str, qk: str, qs: str, c: str, ck: str, cs: str, last: bool,
               qa: str = "", ca: str = "") -> tuple[float, str]:
    if q == c:
        return 1.0, "exact"
    sim = Levenshtein.normalized_similarity(q, c)
    how = "edit"
    if qk and ck:
        ksim = Levenshtein.normalized_similarity(qk, ck) * ROMANIZATION_SIM
        if ksim > sim:
            sim, how = ksim, "romanization" if qk == ck else "romanization+edit"
    if qa and ca and sim < ABJAD_SIM:
        asim = Levenshtein.normalized_similarity(qa, ca) * ABJAD_SIM
        if asim > sim:
            sim, how = asim, "consonants"
    # each rule lifts a weak similarity to its floor (the vectorised path applies the same maxima)
    if len(q) == 1 and c[0] == q and sim < INITIAL_SIM:  # an initial in the query for a listed given name
        sim, how = INITIAL_SIM, "initial"
    # truncation cuts the end of a name: only the query's last word may be a prefix
    if last and sim < PREFIX_SIM and min(len(q), len(c)) >= 4 and (c.startswith(q) or q.startswith(c)):
        sim, how = PREFIX_SIM, "prefix"
    if sim < SKELETON_SIM and qs and qs == cs:
        sim, how = SKELETON_SIM, "skeleton"
    if sim < DROPPED_SIM and min(len(q), len(c)) >= 5 and Indel.distance(q, c, score_cutoff=1) == 1:
        sim, how = DROPPED_SIM, "dropped_letter"  # Indel distance 1: one side is the other less one letter
    if sim < FLOOR:
        return 0.0, "none"
    return sim, how


def _align(query: PreparedName, cand: PreparedName, korean: bool,
           trace: list[dict[str, Any]] | None = None) -> float:
    qn, cn = len(query.tokens), len(cand.tokens)
    if not qn or not cn:
        return 0.0
    cbest = [0.0] * cn
    qtotal = qsum = 0.0
    penalty = 1.0
    unmatched = unmatched_factors(query)
    ctoks, cskel = cand.tokens, cand.skeletons
    ckeys = cand.keys if korean else ("",) * cn
    for i in range(qn):
        q = query.tokens[i]
        qk = query.keys[i] if korean else ""
        qs = query.skeletons[i]
        qa = query.abjad[i]
        best = 0.0
        best_j = -1
        best_how = "none"
        for j in range(cn):
            sim, how = _token_sim(q, qk, qs, ctoks[j], ckeys[j], cskel[j], i == qn - 1, qa, cand.abjad[j])
            if sim > best:
                best, best_j, best_how = sim, j, how
            if sim > cbest[j]:
                cbest[j] = sim
        w = query.weights[i]
        qtotal += w
        qsum += w * best
        if best == 0.0:
            penalty *= unmatched[i]
        if trace is not None:
            trace.append({"query": q, "listed": ctoks[best_j] if best_j >= 0 else None,
                          "similarity": round(best, 3), "how": best_how, "weight": round(w, 3),
                          **({"unmatched_factor": unmatched[i]} if best == 0.0 else {})})
    ctotal = sum(cand.weights)
    csum = sum(w * s for w, s in zip(cand.weights, cbest, strict=True))
    qcov = qsum / qtotal if qtotal else 0.0
    ccov = csum / ctotal if ctotal else 0.0
    return (QUERY_COVERAGE_WEIGHT * qcov + LIST_COVERAGE_WEIGHT * ccov) * penalty


def _joined(query: PreparedName, cand: PreparedName, korean: bool) -> float:
    pairs = [(query.plain_joined, cand.plain_joined)]
    if korean:
        pairs.append((query.key_joined, cand.key_joined))
    best = 0.0
    for qforms, cforms in pairs:
        for a in qforms:
            for b in cforms:
                best = max(best, ratio(a, b) / 100.0)
    best = _steep(best)
    if any(query.abjad):  # consonants alone rank a name but are too weak to alert on
        consonants = max(ratio(a, b) / 100.0 for a in _orders(query.abjad) for b in _orders(cand.abjad))
        best = max(best, _steep(consonants) * ABJAD_SIM)
    return best


def _steep(similarity: float) -> float:
    return max(0.0, 1.0 - JOINED_STEEPNESS * (1.0 - similarity))


def name_score(query: PreparedName, cand: PreparedName, korean: bool) -> float:
    """The fast path used for ranking: no explanation."""
    tok = _align(query, cand, korean)
    if tok >= 0.999:
        return 1.0
    score = max(tok, _joined(query, cand, korean) * JOINED_DISCOUNT)
    return min(score, GENERIC_CAP) if is_generic(query) else score


def explain_name(query: PreparedName, cand: PreparedName, korean: bool) -> tuple[float, dict[str, Any]]:
    trace: list[dict[str, Any]] = []
    tok = _align(query, cand, korean, trace)
    joined = _joined(query, cand, korean) * JOINED_DISCOUNT
    score = max(tok, joined)
    capped = tok < 0.999 and is_generic(query) and score > GENERIC_CAP
    explanation: dict[str, Any] = {
        "features": {
            "tokens": {"value": round(tok, 4), "weights": {"query_coverage": QUERY_COVERAGE_WEIGHT,
                                                            "list_coverage": LIST_COVERAGE_WEIGHT}},
            "joined": {"value": round(joined, 4), "weight": JOINED_DISCOUNT},
        },
        "used": "tokens" if tok >= joined else "joined",
        "korean_romanization": korean,
        "token_pairs": trace,
    }
    if capped:
        explanation["generic_query"] = {"cap": GENERIC_CAP, "note": "the query has only legal forms, titles, "
                                        "particles, country markers or single letters"}
        score = GENERIC_CAP
    return score, explanation


def explanation_summary(explanation: dict[str, Any]) -> str:
    """One line a person reads in a table: the word pairs, then every cap and adjustment with its factor."""
    parts = [f"{p['query']}~{p['listed']} ({p['how']})" for p in explanation.get("token_pairs", []) if p["listed"]]
    if "generic_query" in explanation:
        parts.append(f"legal forms only: capped at {explanation['generic_query']['cap']}")
    if "acronym" in explanation:
        parts.append(f"acronym {explanation['acronym']['value']}")
    for note in explanation.get("adjustments", []):
        change = f"x{note['factor']}" if "factor" in note else f"+{note['bonus']}"
        detail = f" (query {note['query']})" if "query" in note else ""
        parts.append(f"{note['feature']} {change}{detail}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Context:
    """What a query may carry besides the name."""

    schema: str = "any"
    country: str | None = None
    birth_date: str | None = None


SCHEMA_MISMATCH = 0.85  # a person's name against an organization's (or the reverse): same words, other party
SCHEMA_KINDS = ("any", "person", "organization", "vessel", "airplane")


def schema_kind(schema: str) -> str:
    if schema == "Person":
        return "person"
    if schema in ORGANIZATION_SCHEMAS:
        return "organization"
    if schema in ("Vessel", "Airplane"):
        return schema.lower()
    return "any"


def adjust(score: float, ctx: Context, *, schema: str, countries: list[str],
           birth_dates: list[str]) -> tuple[float, list[dict[str, Any]]]:
    """Birth date, country and schema move the name score; each move is recorded."""
    notes: list[dict[str, Any]] = []
    qkind, ckind = schema_kind(ctx.schema), schema_kind(schema)
    if "any" not in (qkind, ckind) and qkind != ckind:
        score *= SCHEMA_MISMATCH
        notes.append({"feature": "schema_mismatch", "query": ctx.schema, "listed": schema,
                      "factor": SCHEMA_MISMATCH})
    if ctx.birth_date and birth_dates:
        qd = ctx.birth_date.strip()
        if any(d == qd for d in birth_dates):
            score = min(1.0, score + 0.05)
            notes.append({"feature": "birth_date_exact", "listed": qd, "bonus": 0.05})
        elif any(d[:4] == qd[:4] for d in birth_dates):
            score = min(1.0, score + 0.02)
            notes.append({"feature": "birth_year", "listed": qd[:4], "bonus": 0.02})
        elif _years_far(qd, birth_dates):
            score *= 0.8
            notes.append({"feature": "birth_date_mismatch", "listed": birth_dates, "factor": 0.8})
    if ctx.country and countries:
        qc = ctx.country.strip().lower()
        if qc in countries:
            score = min(1.0, score + 0.03)
            notes.append({"feature": "country_match", "listed": qc, "bonus": 0.03})
        else:
            score *= 0.92
            notes.append({"feature": "country_mismatch", "listed": countries, "factor": 0.92})
    return score, notes


def _years_far(query_date: str, birth_dates: list[str]) -> bool:
    try:
        year = int(query_date[:4])
        years = [int(d[:4]) for d in birth_dates if d[:4].isdigit()]
    except ValueError:
        return False
    return bool(years) and all(abs(year - y) > 1 for y in years)


def similarity(query: str, candidate: str, schema: str = "any") -> float:
    """How alike two names are, in [0, 1], romanization-aware; without an index, every word weighs the same.

    ``schema`` is the kind of party both names denote: for organizations legal-form words (Co., Corp., LLC)
    are left out of the comparison when anything else remains, so ``Namgang Co`` equals ``NAMGANG COMPANY``.
    """
    q, c = clean(query), clean(candidate)
    if schema_kind(schema) == "organization":
        q, c = _without_legal_forms(q), _without_legal_forms(c)
    prepared = prepare(q, query=True)
    if is_abjad(query):  # cleaning made it ASCII; the consonant keys depend on the original script
        prepared = prepared._replace(abjad=tuple(abjad_key(t) for t in prepared.tokens))
    score = name_score(prepared, prepare(c), korean=True)
    return round(min(1.0, max(0.0, score)), 4)


def _without_legal_forms(text: str) -> str:
    kept = [t for t in text.split() if word_class(t) != "legal_form"]
    return " ".join(kept) if kept else text

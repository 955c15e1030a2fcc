"""The index's fast path: ``name_score`` for all candidates of a query at once, as matrix operations.

``scorer._align``/``scorer._joined`` define the score one pair at a time (and explain it); this module computes
the same numbers for forty candidates with a handful of rapidfuzz ``cdist`` calls and numpy reductions, which
is what makes a thousand queries a second possible in Python. Tests check the two paths agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Prefix
from rapidfuzz.fuzz import ratio
from rapidfuzz.process import cdist

from laborwatch.screen.scorer import (
    ABJAD_SIM,
    DROPPED_SIM,
    FLOOR,
    GENERIC_CAP,
    INITIAL_SIM,
    JOINED_DISCOUNT,
    JOINED_STEEPNESS,
    LIST_COVERAGE_WEIGHT,
    PREFIX_SIM,
    QUERY_COVERAGE_WEIGHT,
    ROMANIZATION_SIM,
    SKELETON_SIM,
    Levenshtein,
    PreparedName,
    _orders,
    is_generic,
    unmatched_factors,
)


@dataclass
class Batch:
    """Candidates laid out as columns: their distinct words, and per word occurrence the column it uses."""

    words: list[str]
    keys: list[str]  # Korean key per distinct word
    skeletons: list[str]
    abjad: list[str]  # consonant key per distinct word
    cols: np.ndarray  # word occurrence -> distinct word
    col_korean: np.ndarray  # word occurrence belongs to a Korean-folded name
    starts: np.ndarray  # first occurrence of each name
    weights: np.ndarray  # weight per word occurrence
    forms: list[str]  # joined spellings of every name
    owners: np.ndarray  # joined spelling -> name
    keyed_forms: np.ndarray  # joined spelling is made of Korean keys
    size: int
    lengths: np.ndarray  # length of each distinct word
    form_starts: np.ndarray  # first joined spelling of each name (every name has at least one)


def batch_from_names(cands: list[PreparedName], korean: list[bool]) -> Batch:
    """The generic layout from prepared names (the index builds the same from its flat arrays)."""
    vocab: dict[str, int] = {}
    keys: list[str] = []
    skels: list[str] = []
    abjad: list[str] = []
    cols: list[int] = []
    col_korean: list[bool] = []
    starts: list[int] = []
    weights: list[float] = []
    forms: list[str] = []
    owners: list[int] = []
    keyed: list[bool] = []
    for i, (cand, kor) in enumerate(zip(cands, korean, strict=True)):
        starts.append(len(cols))
        for tok, key, skel, abj in zip(cand.tokens, cand.keys, cand.skeletons, cand.abjad, strict=True):
            col = vocab.setdefault(tok, len(vocab))
            if col == len(keys):
                keys.append(key)
                skels.append(skel)
                abjad.append(abj)
            elif kor and not keys[col]:
                keys[col] = key
            cols.append(col)
            col_korean.append(kor)
        weights.extend(cand.weights)
        for form in cand.plain_joined:
            forms.append(form)
            owners.append(i)
            keyed.append(False)
        if kor:
            for form in cand.key_joined:
                forms.append(form)
                owners.append(i)
                keyed.append(True)
    words = list(vocab)
    owner_arr = np.array(owners, dtype=np.int64)
    return Batch(words, keys, skels, abjad, np.array(cols), np.array(col_korean, dtype=bool), np.array(starts),
                 np.array(weights), forms, owner_arr, np.array(keyed, dtype=bool), len(cands),
                 np.array([len(w) for w in words]), np.searchsorted(owner_arr, np.arange(len(cands))))


def score_many(query: PreparedName, cands: list[PreparedName], korean: list[bool]) -> np.ndarray:
    if not cands or not query.tokens:
        return np.zeros(len(cands))
    return score_batch(query, batch_from_names(cands, korean))


def score_batch(query: PreparedName, batch: Batch) -> np.ndarray:
    """One name score per candidate, equal to ``scorer.name_score`` for each."""
    n = batch.size
    if not n or not query.tokens:
        return np.zeros(n)
    words = batch.words
    # Korean keys matter only for candidates from DPRK-linked names: most queries have none, and skip them
    korean = bool(batch.col_korean.any())
    plain = cdist(query.tokens, words, scorer=Levenshtein.normalized_similarity)
    # one letter left out of (or added to) a word of 5+ letters: lengths one apart and one edit, which the
    # edit similarity already tells (1 - 1/longer length); no second string comparison needed
    qlens = np.array([len(q) for q in query.tokens])
    longer = np.maximum(qlens[:, None], batch.lengths[None, :])
    dropped = ((np.abs(qlens[:, None] - batch.lengths[None, :]) == 1)
               & (np.minimum(qlens[:, None], batch.lengths[None, :]) >= 5)
               & (np.abs(plain - (1.0 - 1.0 / longer)) < 1e-6))  # cdist gives float32
    # a word without a key (it came from a non-Korean name) keeps its plain similarity
    keyed = np.maximum(plain, cdist(query.keys, batch.keys, scorer=Levenshtein.normalized_similarity)
                       * ROMANIZATION_SIM) if korean else plain
    if any(query.abjad):  # an Arabic-script query: consonants against consonants
        consonants = cdist(query.abjad, batch.abjad, scorer=Levenshtein.normalized_similarity) * ABJAD_SIM
        consonants[np.array([not a for a in query.abjad])] = 0.0
        consonants[:, np.array([not a for a in batch.abjad])] = 0.0
        np.maximum(plain, consonants, out=plain)
        np.maximum(keyed, consonants, out=keyed)
    # initials, truncated prefixes and consonant skeletons lift a weak similarity to a fixed floor; each
    # is computed only when some query word can use it (most queries have no initial or unknown word)
    lift: np.ndarray | None = None
    if any(len(q) == 1 for q in query.tokens):
        qfirst = np.array([ord(q[0]) if len(q) == 1 else -1 for q in query.tokens])
        wfirst = np.array([ord(w[0]) for w in words])
        lift = np.where(qfirst[:, None] == wfirst[None, :], INITIAL_SIM, 0.0)
    last = query.tokens[-1]
    if len(last) >= 4:  # truncation cuts the end of a name: only the query's last word may be a prefix
        # common prefix as long as the shorter word: one is the other's prefix (a C loop, not a Python one)
        common = cdist((last,), words, scorer=Prefix.similarity)[0]
        prefix = (batch.lengths >= 4) & (common == np.minimum(batch.lengths, len(last)))
        if prefix.any():
            lift = np.zeros_like(plain) if lift is None else lift
            np.maximum(lift[-1], np.where(prefix, PREFIX_SIM, 0.0), out=lift[-1])
    for i, qs in enumerate(query.skeletons):
        if qs:
            same = np.array([qs == ws for ws in batch.skeletons])
            if same.any():
                lift = np.zeros_like(plain) if lift is None else lift
                np.maximum(lift[i], np.where(same, SKELETON_SIM, 0.0), out=lift[i])
    if dropped.any():
        lift = np.zeros_like(plain) if lift is None else lift
        np.maximum(lift, np.where(dropped, DROPPED_SIM, 0.0), out=lift)
    for mat in (plain, keyed) if korean else (plain,):
        if lift is not None:
            np.maximum(mat, lift, out=mat)
        mat[mat < FLOOR] = 0.0
    sims = np.where(batch.col_korean[None, :], keyed[:, batch.cols], plain[:, batch.cols]) if korean \
        else plain[:, batch.cols]
    qweights = np.array(query.weights)
    rowmax = np.maximum.reduceat(sims, batch.starts, axis=1)
    qtotal = qweights.sum()
    qcov = (qweights @ rowmax) / qtotal if qtotal else np.zeros(n)
    ctotal = np.add.reduceat(batch.weights, batch.starts)
    ccov = np.add.reduceat(batch.weights * sims.max(axis=0), batch.starts) / np.where(ctotal > 0, ctotal, 1.0)
    token_score = QUERY_COVERAGE_WEIGHT * qcov + LIST_COVERAGE_WEIGHT * ccov
    missing = rowmax == 0.0
    if missing.any():  # each query word with no partner costs its factor
        unmatched = np.array(unmatched_factors(query))
        token_score *= np.prod(np.where(missing, unmatched[:, None], 1.0), axis=0)
    if korean:
        qforms = list(query.plain_joined) + list(query.key_joined)
        qkeyed = np.array([False] * len(query.plain_joined) + [True] * len(query.key_joined))
        jm = cdist(qforms, batch.forms, scorer=ratio) / 100.0
        jm[qkeyed[:, None] != batch.keyed_forms[None, :]] = 0.0  # plain against plain, key against key
    else:  # no candidate has key spellings
        jm = cdist(query.plain_joined, batch.forms, scorer=ratio) / 100.0
    joined = np.maximum.reduceat(jm.max(axis=0), batch.form_starts)
    joined = np.maximum(0.0, 1.0 - JOINED_STEEPNESS * (1.0 - joined))
    consonants = np.zeros(n)
    if any(query.abjad):  # Arabic script: "hbyb llh" against "Habibullah", consonants joined (weak evidence)
        bounds = [*batch.starts.tolist(), len(batch.cols)]
        cols = batch.cols.tolist()
        for i in range(n):
            name_abjad = tuple(batch.abjad[c] for c in cols[bounds[i]:bounds[i + 1]])
            best = cdist(_orders(query.abjad), _orders(name_abjad), scorer=ratio).max() / 100.0
            consonants[i] = max(0.0, 1.0 - JOINED_STEEPNESS * (1.0 - best)) * ABJAD_SIM
    joined = np.maximum(joined, consonants)
    out = np.maximum(token_score, joined * JOINED_DISCOUNT)
    if is_generic(query):
        np.minimum(out, GENERIC_CAP, out=out)
    out[token_score >= 0.999] = 1.0
    return out

"""The screening index: candidates from inverted lookups, never a scan of the whole list per query.

Every listed name is prepared once (tokens, weights, Korean keys) and posted under its lookup keys
(``laborwatch.screen.keys``: words, joined words, Korean, consonant and skeleton keys, acronyms).
A query collects the names its tokens reach, weighted by token rarity, scores the best few with
``laborwatch.screen.scorer`` and returns the top entities. The index holds only plain data, so it pickles
(the Spark engine ships it to executors) and rebuilds from ``ListedRecord`` rows in seconds.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field
from typing import Any

import numpy as np

from laborwatch.screen.acronyms import acronym_mask
from laborwatch.screen.fastscore import Batch, score_batch
from laborwatch.screen.keys import Lookups, deletes, name_keys, query_lookups
from laborwatch.screen.korean import korean_key, looks_korean
from laborwatch.screen.normalize import abjad_key, class_factor, clean, skeleton
from laborwatch.screen.scorer import (
    SCHEMA_KINDS,
    SCHEMA_MISMATCH,
    Context,
    PreparedName,
    adjust,
    explain_name,
    prepare,
    query_kind,
    schema_kind,
)

KOREAN_PROGRAM_MARKERS = ("DPRK", "NKSPEA", "KOREA")
DEFAULT_THRESHOLD = 0.875  # the alert threshold; see docs/screening.md for how it was chosen
MAX_POSTINGS = 2500  # a lookup key shared by more names than this only adds noise and time
SMALL_POSTINGS = 100  # longer posting lists only confirm candidates that rarer keys found
ACRONYM_SCORE = 0.8  # enough to rank an acronym among the hits; never enough to alert on its own
CANDIDATES = 32  # names scored in full per query
_LENGTH_BITS = 24
_LENGTH_MASK = (1 << _LENGTH_BITS) - 1


@dataclass
class ListedRecord:
    """One listed party, as the index needs it (loaded from ``ListedEntity`` rows or a list file)."""

    entity_id: str
    list_name: str
    schema: str
    caption: str
    names: list[str]
    countries: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    version_id: str = ""  # the ListVersion it was loaded from, when it came from the store

    @property
    def korean(self) -> bool:
        """DPRK-linked: the Korean romanization folds apply to its names."""
        if "kp" in self.countries:
            return True
        return any(marker in p.upper() for p in self.programs for marker in KOREAN_PROGRAM_MARKERS)


@dataclass
class Match:
    record: ListedRecord
    matched_name: str
    score: float
    explanation: dict[str, Any]


class ScreeningIndex:
    def __init__(self, records: Iterable[ListedRecord]) -> None:
        self.records: list[ListedRecord] = list(records)
        raw: list[tuple[int, str, tuple[str, ...]]] = []
        df: Counter[str] = Counter()
        for ri, rec in enumerate(self.records):
            seen: set[tuple[str, ...]] = set()
            for name in rec.names:
                toks = tuple(clean(name).split())
                if not toks or toks in seen:
                    continue
                seen.add(toks)
                raw.append((ri, name, toks))
                df.update(set(toks))
        total = max(len(raw), 1)
        self.size = total
        # Rarity: 1 for a token on every name, about 1 + ln(N) for a token on one name.
        self.idf: dict[str, float] = {t: 1.0 + math.log(total / n) for t, n in df.items()}
        self.unseen_idf = 1.0 + math.log(total)
        self.names: list[PreparedName] = []
        self.name_record = array("i")
        self.name_korean = array("b")
        postings: dict[str, array[int]] = {}

        def post(key: str, ni: int) -> None:
            arr = postings.get(key)
            if arr is None:
                arr = postings[key] = array("i")
            if not arr or arr[-1] != ni:
                arr.append(ni)

        for ri, name, toks in raw:
            rec = self.records[ri]
            korean = rec.korean or (rec.schema in ("Person", "LegalEntity") and looks_korean(toks))
            prepared = prepare(name, self.idf, korean=korean, default_idf=self.unseen_idf,
                               person=rec.schema == "Person")
            ni = len(self.names)
            self.names.append(prepared)
            self.name_record.append(ri)
            self.name_korean.append(1 if korean else 0)
            for key in name_keys(prepared, korean):
                post(key, ni)
        # Postings in one flat buffer (key -> offset and length): 140,000 small arrays would make pickling
        # (the on-disk cache, Spark's broadcast) slow; one buffer and a dict of ints are fast.
        self._flat = array("i")
        self._where: dict[str, int] = {}
        for key, plist in postings.items():
            self._where[key] = (len(self._flat) << _LENGTH_BITS) | len(plist)
            self._flat.extend(plist)
        deletions: dict[str, list[str]] = {}
        for tok in df:
            if len(tok) >= 4 and not tok.isdigit():
                for d in deletes(tok):
                    deletions.setdefault(d, []).append(tok)
        self.deletions: dict[str, str] = {d: " ".join(toks) for d, toks in deletions.items()}
        self._flatten_names()
        self._derive()

    def _flatten_names(self) -> None:
        """Every name's words and joined spellings in flat arrays, for ``fastscore`` (no per-name Python)."""
        vocab: dict[str, int] = {}
        flat_tok = array("i")
        flat_w = array("d")
        tok_off = array("q", [0])
        forms: list[str] = []
        form_keyed = array("b")
        form_off = array("q", [0])
        for ni, prepared in enumerate(self.names):
            flat_tok.extend(vocab.setdefault(t, len(vocab)) for t in prepared.tokens)
            flat_w.extend(prepared.weights)
            tok_off.append(len(flat_tok))
            forms.extend(prepared.plain_joined)
            form_keyed.extend([0] * len(prepared.plain_joined))
            if self.name_korean[ni]:
                forms.extend(prepared.key_joined)
                form_keyed.extend([1] * len(prepared.key_joined))
            form_off.append(len(forms))
        self.vocab_words = list(vocab)
        self.vocab_keys = [korean_key(w) for w in self.vocab_words]
        self.vocab_skeletons = [skeleton(w) for w in self.vocab_words]
        self.vocab_abjad = [abjad_key(w) for w in self.vocab_words]
        # array-module buffers: indexing one element is a plain int, several times faster than numpy's
        self.flat_tok = flat_tok
        self.flat_weights = np.frombuffer(flat_w, dtype=np.float64).copy()
        self.tok_off = tok_off
        self.forms = forms
        self.form_keyed = form_keyed
        self.form_off = form_off

    def batch(self, found: list[int]) -> Batch:
        """The candidates' words and spellings in the layout ``fastscore.score_batch`` takes.

        Gathered with numpy from the flat arrays: a few vector operations instead of a Python step per word
        (this ran once per query over ~150 word occurrences and was a quarter of the query time).
        """
        names = np.array(found, dtype=np.int64)
        occ, lens = _ranges(self._tok_off_np, names)
        word_ids = self._flat_tok_np[occ]
        # distinct words without sorting: a scratch array (one slot per vocabulary word) remembers where each
        # word first occurs; slots of other words hold stale values that are never read
        first = self._first_seen_np
        positions = np.arange(len(word_ids))
        first[word_ids[::-1]] = positions[::-1]
        first_of = first[word_ids]
        is_first = first_of == positions
        vocab_ids = word_ids[is_first]
        cols = (np.cumsum(is_first) - 1)[first_of]
        focc, flens = _ranges(self._form_off_np, names)
        starts = np.zeros(len(found), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        fstarts = np.zeros(len(found), dtype=np.int64)
        np.cumsum(flens[:-1], out=fstarts[1:])
        return Batch(self._vocab_words_np[vocab_ids].tolist(), self._vocab_keys_np[vocab_ids].tolist(),
                     self._vocab_skels_np[vocab_ids].tolist(), self._vocab_abjad_np[vocab_ids].tolist(),
                     cols, np.repeat(self._name_korean_np[names], lens), starts,
                     self.flat_weights[occ], self._forms_np[focc].tolist(),
                     np.repeat(np.arange(len(found)), flens), self._form_keyed_np[focc], len(found),
                     self._vocab_len_np[vocab_ids], fstarts)

    def _derive(self) -> None:
        """Lookup helpers rebuilt from the stored fields (after building and after unpickling)."""
        # numpy views of the flat arrays for ``candidates`` and ``batch`` (derived, never pickled)
        self._flat_np = np.frombuffer(self._flat, dtype=np.int32)
        self._name_record_np = np.frombuffer(self.name_record, dtype=np.int32)
        self._record_kind_np = np.array([SCHEMA_KINDS.index(schema_kind(r.schema)) for r in self.records],
                                        dtype=np.int8)
        self._tok_off_np = np.frombuffer(self.tok_off, dtype=np.int64)
        self._name_len_np = np.diff(self._tok_off_np)
        self._flat_tok_np = np.frombuffer(self.flat_tok, dtype=np.int32)
        self._form_off_np = np.frombuffer(self.form_off, dtype=np.int64)
        self._form_keyed_np = np.frombuffer(self.form_keyed, dtype=np.int8).astype(bool)
        self._name_korean_np = np.frombuffer(self.name_korean, dtype=np.int8).astype(bool)
        self._forms_np = _objects(self.forms)
        self._vocab_words_np = _objects(self.vocab_words)
        self._vocab_keys_np = _objects(self.vocab_keys)
        self._vocab_skels_np = _objects(self.vocab_skeletons)
        self._vocab_abjad_np = _objects(self.vocab_abjad)
        self._vocab_len_np = np.array([len(w) for w in self.vocab_words], dtype=np.int64)
        self._first_seen_np = np.zeros(len(self.vocab_words), dtype=np.int64)
        # entity ids in sorted order: equal scores rank by entity id, so results never depend on load order
        by_id = sorted(range(len(self.records)), key=lambda ri: self.records[ri].entity_id)
        self._record_rank_np = np.empty(len(self.records), dtype=np.int64)
        self._record_rank_np[by_id] = np.arange(len(self.records))
        # Keys shared by many names (common words) only confirm candidates that rarer keys found; their
        # posting lists (sorted, as names were added in order) are looked up by binary search.
        self.big_arrays: dict[str, np.ndarray] = {}
        for key, packed in self._where.items():
            if packed & _LENGTH_MASK > SMALL_POSTINGS:
                start = packed >> _LENGTH_BITS
                self.big_arrays[key] = self._flat_np[start:start + (packed & _LENGTH_MASK)]

    def posting(self, key: str) -> array[int] | None:
        packed = self._where.get(key)
        if packed is None:
            return None
        start = packed >> _LENGTH_BITS
        return self._flat[start:start + (packed & _LENGTH_MASK)]

    def knows(self, key: str) -> bool:
        """Whether a listed name carries this word (or joined pair of words)."""
        return ("t:" + key) in self._where

    def posting_size(self, key: str) -> int:
        return self._where.get(key, 0) & _LENGTH_MASK

    def __getstate__(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items() if not k.endswith("_np")}
        del state["big_arrays"]
        state.pop("_near_cache", None)
        state.pop("_word_keys_cache", None)
        state["records"] = [astuple(r) for r in self.records]  # tuples unpickle far faster than dataclasses
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["records"] = [ListedRecord(*r) for r in state["records"]]
        self.__dict__.update(state)
        self._derive()

    def __len__(self) -> int:
        return len(self.records)

    # -- candidate generation -------------------------------------------------------------------------------

    def candidates(self, query: PreparedName, limit: int = CANDIDATES) -> list[int]:
        """The ``limit`` names the query's tokens reach with the most rarity-weighted evidence.

        A name's evidence is, summed over the query's tokens, the token's weight times the best confidence of
        the keys through which that token reached the name. Computed with numpy over the concatenated posting
        lists (a dict update per posting was a third of the query time); ties go to the shorter name.
        """
        lookups = query_lookups(self, query)
        informative = [wk for wk in lookups if wk[0] >= 0.5] or lookups
        where, flat = self._where, self._flat_np
        parts: list[np.ndarray] = []
        sizes: list[int] = []
        part_token: list[int] = []
        part_conf: list[float] = []
        deferred: list[tuple[int, list[tuple[np.ndarray, float]]]] = []
        for t, (_, keys) in enumerate(informative):
            big: list[tuple[np.ndarray, float]] = []
            for key, conf in keys:
                packed = where.get(key)
                if packed is None:
                    continue
                size = packed & _LENGTH_MASK
                if size > SMALL_POSTINGS:
                    big.append((self.big_arrays[key], conf))
                    continue
                start = packed >> _LENGTH_BITS
                parts.append(flat[start:start + size])
                sizes.append(size)
                part_token.append(t)
                part_conf.append(conf)
            if big:
                deferred.append((t, big))
        if not parts:  # only common words: every name they reach competes
            return self._dense_candidates(lookups, limit) if deferred else []
        ntok = len(informative)
        weights = np.array([w for w, _ in informative])
        counts = np.array(sizes)
        hits = np.concatenate(parts).astype(np.int64) * ntok + np.repeat(part_token, counts)
        confs = np.repeat(part_conf, counts)
        # the best confidence per (name, token): sort by pair then confidence, keep each pair's last entry
        order = np.lexsort((confs, hits))
        hits, confs = hits[order], confs[order]
        last = np.empty(len(hits), dtype=bool)
        last[-1] = True
        np.not_equal(hits[1:], hits[:-1], out=last[:-1])
        hits, confs = hits[last], confs[last]
        owners = hits // ntok  # sorted, so each name's entries are contiguous
        first = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
        names = owners[first]
        hit_token = hits % ntok
        evidence = np.add.reduceat(weights[hit_token] * confs, first)
        if deferred:
            slot = np.repeat(np.arange(len(names)), np.diff(np.append(first, len(hits))))
        for t, big in deferred:
            # Long posting lists (common words) only confirm names the rarer keys found. A token counts once
            # per name, with its best key: "Muhammed" reached through a near spelling and through the long
            # consonant-skeleton list is one match, not two (counting both buried "Muhammad Bilal").
            reach = np.zeros(len(names))
            for plist, conf in big:
                pos = np.searchsorted(plist, names)
                inside = plist[np.minimum(pos, len(plist) - 1)] == names
                np.maximum(reach, np.where(inside, conf, 0.0), out=reach)
            already = np.zeros(len(names))
            mine = hit_token == t
            already[slot[mine]] = confs[mine]
            evidence += weights[t] * np.maximum(reach - already, 0.0)
        keep = np.lexsort((names, self._name_len_np[names], -evidence))[:limit]
        if deferred:
            # A name reached only through common words' long lists was not counted above. When it could equal
            # or outrank every name found (a slip in "Mustafa" reaches it only through the long list, and "Abu"
            # only confirms), let every name the lookups reach compete. Not whenever it could merely enter
            # the candidates: that is a quarter of all queries, and the full pass costs as much as the rest.
            unseen_best = sum(weights[t] * max(conf for _, conf in big) for t, big in deferred)
            if evidence[keep[0]] < unseen_best + 1e-9:  # a tie too: the one found may be the longer name
                return self._dense_candidates(lookups, limit)
        return [int(n) for n in names[keep]]

    def _dense_candidates(self, lookups: Lookups, limit: int) -> list[int]:
        """Evidence accumulated over all names at once, long posting lists included (those longer than
        ``MAX_POSTINGS`` only add noise); every token counts, the weak ones break ties."""
        total = np.zeros(len(self.names), dtype=np.float32)
        reach = np.zeros(len(self.names), dtype=np.float32)
        for weight, keys in lookups:
            touched: list[np.ndarray] = []
            for key, conf in keys:
                packed = self._where.get(key)
                if packed is None or packed & _LENGTH_MASK > MAX_POSTINGS:
                    continue
                start = packed >> _LENGTH_BITS
                plist = self._flat_np[start:start + (packed & _LENGTH_MASK)]
                reach[plist] = np.maximum(reach[plist], conf)
                touched.append(plist)
            if touched:
                hit = np.unique(np.concatenate(touched))
                total[hit] += weight * reach[hit]
                reach[hit] = 0.0
        found = np.flatnonzero(total)
        if len(found) > limit:
            # equal evidence: the shorter name first (all of "Industrial Bank" matched beats a part of
            # "International Industrial Development Bank")
            found = found[np.lexsort((found, self._name_len_np[found], -total[found]))[:limit]]
        return [int(i) for i in found]

    # -- search ---------------------------------------------------------------------------------------------

    def prepare_query(self, name: str, schema: str = "any") -> PreparedName:
        prepared = prepare(name, self.idf, korean=True, default_idf=self.unseen_idf, query=True,
                           person=schema == "Person")
        # A word the lists contain was not stripped of its vowels: no skeleton comparison for it.
        skeletons = tuple("" if ("t:" + t) in self._where else s
                          for t, s in zip(prepared.tokens, prepared.skeletons, strict=True))
        return prepared._replace(skeletons=skeletons)

    def search(self, name: str, *, limit: int = 10, threshold: float = 0.0, schema: str = "any",
               country: str | None = None, birth_date: str | None = None, explain: bool = True) -> list[Match]:
        """The top ``limit`` listed entities for a name, best first, each with score >= ``threshold``."""
        query = self.prepare_query(name, schema or "any")
        if not query.tokens:
            return []
        ctx = Context(schema=schema or "any", country=country, birth_date=birth_date)
        kind, marker = query_kind(query, ctx.schema)
        found = self.candidates(query)
        if not found:
            return []
        names = np.array(found, dtype=np.int64)
        scores = score_batch(query, self.batch(found))
        acronym = acronym_mask(self, query.tokens, names)
        if acronym.any():
            np.maximum(scores, np.where(acronym, ACRONYM_SCORE, 0.0), out=scores)
        rows = self._name_record_np[names]
        # the schema adjustment, vectorised: it applies to every query that names a schema (all of a batch)
        qkind = SCHEMA_KINDS.index(kind)
        if qkind:
            kinds = self._record_kind_np[rows]
            other = (kinds != 0) & (kinds != qkind)
            if marker and other.any():  # a listed name with the same word ("CO, Augusto") is no other kind
                other &= np.array([marker not in self.names[ni].tokens for ni in found])
            scores[other] *= SCHEMA_MISMATCH
        if ctx.country or ctx.birth_date:  # rare outside single searches: adjust one by one
            plain_ctx = Context(schema="any", country=ctx.country, birth_date=ctx.birth_date)
            for i, ri in enumerate(rows.tolist()):
                rec = self.records[ri]
                scores[i], _ = adjust(float(scores[i]), plain_ctx, schema=rec.schema, countries=rec.countries,
                                      birth_dates=rec.birth_dates)
        # best first, equal scores by entity id; each entity once, with its best-scoring name
        order = np.lexsort((self._record_rank_np[rows], -scores)).tolist()
        ranked: list[tuple[int, tuple[float, int]]] = []
        seen: set[int] = set()
        row_list, score_list = rows.tolist(), scores.tolist()
        for i in order:
            ri = row_list[i]
            if ri not in seen:
                seen.add(ri)
                ranked.append((ri, (score_list[i], found[i])))
                if len(ranked) == limit:
                    break
        matches: list[Match] = []
        for ri, (score, ni) in ranked[:limit]:
            if score < threshold:
                break
            rec = self.records[ri]
            explanation: dict[str, Any] = {}
            if explain:
                _, explanation = explain_name(query, self.names[ni], bool(self.name_korean[ni]))
                inferred = marker and marker not in self.names[ni].tokens
                kind_ctx = Context("Organization", ctx.country, ctx.birth_date) if inferred else ctx
                _, notes = adjust(1.0, kind_ctx, schema=rec.schema, countries=rec.countries,
                                  birth_dates=rec.birth_dates)
                for note in notes:
                    if note["feature"] == "schema_mismatch" and inferred:
                        note["query"] = f"Organization (the legal form '{marker}')"
                if acronym[found.index(ni)]:
                    explanation["acronym"] = {"value": ACRONYM_SCORE, "note": "one name is the other's acronym"}
                explanation["matched_name"] = self.names[ni].text
                explanation["adjustments"] = notes
                explanation["score"] = round(score, 4)
            matches.append(Match(rec, self.names[ni].text, round(min(1.0, score), 4), explanation))
        return matches

    def stats(self) -> dict[str, int]:
        return {"entities": len(self.records), "names": len(self.names), "keys": len(self._where)}


def _ranges(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions ``offsets[r]:offsets[r + 1]`` of every row, concatenated, and each row's length."""
    begin = offsets[rows]
    lens = offsets[rows + 1] - begin
    total = int(lens.sum())
    # position = arange(total) shifted, per row, from its place in the output to its place in the flat array
    shift = np.repeat(begin - (np.cumsum(lens) - lens), lens)
    return np.arange(total) + shift, lens


def _objects(values: list[str]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def weight_of(index: ScreeningIndex, token: str) -> float:
    return class_factor(token) * index.idf.get(token, index.unseen_idf)

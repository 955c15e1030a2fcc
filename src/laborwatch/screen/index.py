"""The screening index: candidates from inverted lookups, never a scan of the whole list per query.

Every listed name is prepared once (tokens, weights, Korean keys). Lookup keys point at names:

* ``t:`` a token, and the concatenation of each pair of neighbouring tokens (``nam san`` -> ``namsan``);
* ``k:`` the Korean romanization key of a token or pair, for DPRK-linked entries only;
* ``s:`` the consonant skeleton of a token (dropped vowels, doubled letters);
* ``a:`` the acronyms of a name of three or more words;
* a deletion neighbourhood (SymSpell) maps one-edit misspellings to indexed tokens.

A query collects the names its tokens reach, weighted by token rarity, scores the best few with
``laborwatch.screen.scorer`` and returns the top entities. The index holds only plain data, so it pickles
(the Spark engine ships it to executors) and rebuilds from ``ListedRecord`` rows in seconds.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field
from typing import Any

import numpy as np

from laborwatch.screen.fastscore import Batch, score_batch
from laborwatch.screen.korean import korean_key, looks_korean
from laborwatch.screen.normalize import abjad_key, class_factor, clean, skeleton, word_class
from laborwatch.screen.scorer import Context, PreparedName, adjust, explain_name, prepare

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


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1:] for i in range(len(token))}


def acronyms(tokens: tuple[str, ...]) -> set[str]:
    """The ways a name of three or more words is abbreviated: every initial, or without the small words, with
    or without the trailing legal forms (China Railway Construction Corporation Limited -> CRCC, CRCCL)."""
    if len(tokens) < 3:
        return set()
    words = [t for t in tokens if not t.isdigit()]
    out: set[str] = set()
    for kept in (words, [t for t in words if word_class(t) != "particle"]):
        trimmed = list(kept)
        for _ in range(3):
            if len(trimmed) >= 3:
                out.add("".join(t[0] for t in trimmed))
            if not trimmed or word_class(trimmed[-1]) != "legal_form":
                break
            trimmed.pop()
    return out


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
            prepared = prepare(name, self.idf, korean=korean, default_idf=self.unseen_idf)
            ni = len(self.names)
            self.names.append(prepared)
            self.name_record.append(ri)
            self.name_korean.append(1 if korean else 0)
            for i, tok in enumerate(toks):
                post("t:" + tok, ni)
                if prepared.abjad[i]:
                    post("b:" + prepared.abjad[i], ni)
                    if i + 1 < len(toks) and prepared.abjad[i + 1]:
                        post("b:" + prepared.abjad[i] + prepared.abjad[i + 1], ni)
                skel = skeleton(tok)
                if skel:
                    post("s:" + skel, ni)
                if korean:
                    post("k:" + prepared.keys[i], ni)
                if i + 1 < len(toks):
                    pair = tok + toks[i + 1]
                    post("t:" + pair, ni)
                    if korean:
                        post("k:" + prepared.keys[i] + prepared.keys[i + 1], ni)
            if len(toks) > 2:
                # "CHON MA SAN" is written "Chonmasan" too
                post("t:" + "".join(toks), ni)
                if korean:
                    post("k:" + "".join(prepared.keys), ni)
            for acronym in sorted(acronyms(toks)):
                post("a:" + acronym, ni)
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
                for d in _deletes(tok):
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

        Plain Python over ~100 words: for this size it is faster than the equivalent numpy calls.
        """
        position: dict[int, int] = {}
        words: list[str] = []
        keys: list[str] = []
        skels: list[str] = []
        abjad: list[str] = []
        cols: list[int] = []
        col_korean: list[int] = []
        starts: list[int] = []
        occurrences: list[int] = []
        forms: list[str] = []
        owners: list[int] = []
        keyed: list[int] = []
        vocab_words, vocab_keys, vocab_skels = self.vocab_words, self.vocab_keys, self.vocab_skeletons
        tok_off, flat_tok, form_off = self.tok_off, self.flat_tok, self.form_off
        for i, ni in enumerate(found):
            start, end = tok_off[ni], tok_off[ni + 1]
            starts.append(len(cols))
            for word in flat_tok[start:end]:
                col = position.get(word)
                if col is None:
                    col = position[word] = len(words)
                    words.append(vocab_words[word])
                    keys.append(vocab_keys[word])
                    skels.append(vocab_skels[word])
                    abjad.append(self.vocab_abjad[word])
                cols.append(col)
            col_korean.extend([self.name_korean[ni]] * (end - start))
            occurrences.extend(range(start, end))
            fstart, fend = form_off[ni], form_off[ni + 1]
            forms.extend(self.forms[fstart:fend])
            owners.extend([i] * (fend - fstart))
            keyed.extend(self.form_keyed[fstart:fend])
        return Batch(words, keys, skels, abjad, np.array(cols), np.array(col_korean, dtype=bool), np.array(starts),
                     self.flat_weights[occurrences], forms, np.array(owners), np.array(keyed, dtype=bool),
                     len(found))

    def _derive(self) -> None:
        """Lookup helpers rebuilt from the stored fields (after building and after unpickling)."""
        # Keys shared by many names (common words) get a set for membership tests and a numpy array for the
        # rare query made only of common words; small lists are walked in Python, which is faster for them.
        self.big_sets: dict[str, frozenset[int]] = {}
        self.big_arrays: dict[str, np.ndarray] = {}
        for key, packed in self._where.items():
            if packed & _LENGTH_MASK > SMALL_POSTINGS:
                start = packed >> _LENGTH_BITS
                plist = self._flat[start:start + (packed & _LENGTH_MASK)]
                self.big_sets[key] = frozenset(plist)
                self.big_arrays[key] = np.frombuffer(plist, dtype=np.int32).copy()

    def posting(self, key: str) -> array[int] | None:
        packed = self._where.get(key)
        if packed is None:
            return None
        start = packed >> _LENGTH_BITS
        return self._flat[start:start + (packed & _LENGTH_MASK)]

    def posting_size(self, key: str) -> int:
        return self._where.get(key, 0) & _LENGTH_MASK

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["big_sets"], state["big_arrays"]
        state.pop("_near_cache", None)
        state["records"] = [astuple(r) for r in self.records]  # tuples unpickle far faster than dataclasses
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["records"] = [ListedRecord(*r) for r in state["records"]]
        self.__dict__.update(state)
        self._derive()

    def __len__(self) -> int:
        return len(self.records)

    # -- candidate generation -------------------------------------------------------------------------------

    def _lookups(self, query: PreparedName) -> list[tuple[float, list[tuple[str, float]]]]:
        """Per query token: its weight and the lookup keys it may reach, each with a confidence."""
        out: list[tuple[float, list[tuple[str, float]]]] = []
        toks = query.tokens
        for i, tok in enumerate(toks):
            keys: list[tuple[str, float]] = [("t:" + tok, 1.0), ("k:" + query.keys[i], 0.9)]
            if query.abjad[i]:
                keys.append(("b:" + query.abjad[i], 0.8))
                if i + 1 < len(toks) and query.abjad[i + 1]:
                    keys.append(("b:" + query.abjad[i] + query.abjad[i + 1], 0.8))
            elif len(tok) >= 5:
                # other transliterations keep the consonants (Matouk/Matuq): reach them, the scorer judges
                consonants = abjad_key(tok)
                if consonants:
                    keys.append(("b:" + consonants, 0.6))
            known = ("t:" + tok) in self._where
            skel = skeleton(tok)
            if skel and not known:
                keys.append(("s:" + skel, 0.7))
            # words one edit away: misspellings, and other transliterations of a known word (Mohamed/Mohammed)
            if len(tok) >= 4 and not tok.isdigit():
                keys.extend(self._near(tok))
            if i + 1 < len(toks):
                keys.append(("t:" + tok + toks[i + 1], 1.0))
                keys.append(("k:" + query.keys[i] + query.keys[i + 1], 0.9))
            if len(toks) == 1 and 3 <= len(tok) <= 8:
                keys.append(("a:" + tok, 0.8))
            out.append((query.weights[i], keys))
        if len(toks) > 2:
            out.append((max(query.weights), [("t:" + "".join(toks), 1.0), ("k:" + "".join(query.keys), 0.9)]))
        variants = acronyms(toks)
        if variants:
            out.append((self.unseen_idf * 0.5, [("t:" + a, 0.8) for a in sorted(variants)]))
        return out

    def _near(self, tok: str) -> list[tuple[str, float]]:
        """Lookup keys of the indexed words one edit from ``tok`` (remembered: names repeat words)."""
        cache: dict[str, list[tuple[str, float]]] = self.__dict__.setdefault("_near_cache", {})
        found = cache.get(tok)
        if found is None:
            near = set(self.deletions.get(tok, "").split())
            for d in _deletes(tok):
                if ("t:" + d) in self._where:
                    near.add(d)
                near.update(self.deletions.get(d, "").split())
            near.discard(tok)
            found = [("t:" + n, 0.8) for n in sorted(near)]
            if len(cache) > 100_000:
                cache.clear()
            cache[tok] = found
        return found

    def candidates(self, query: PreparedName, limit: int = CANDIDATES) -> list[int]:
        """The ``limit`` names the query's tokens reach with the most rarity-weighted evidence."""
        lookups = self._lookups(query)
        informative = [wk for wk in lookups if wk[0] >= 0.5] or lookups
        scores: dict[int, float] = {}
        deferred: list[tuple[float, list[tuple[str, float]]]] = []
        for weight, keys in informative:
            reach: dict[int, float] = {}
            big: list[tuple[str, float]] = []
            for key, conf in keys:
                size = self.posting_size(key)
                if not size:
                    continue
                if size > SMALL_POSTINGS:
                    big.append((key, conf))
                    continue
                start = self._where[key] >> _LENGTH_BITS
                for ni in self._flat[start:start + size]:
                    if reach.get(ni, 0.0) < conf:
                        reach[ni] = conf
            for ni, conf in reach.items():
                scores[ni] = scores.get(ni, 0.0) + weight * conf
            if big:
                deferred.append((weight, big))
        if deferred and not scores:
            return self._common_word_candidates(deferred, limit)
        for weight, big in deferred:
            confirmed: dict[int, float] = {}
            for key, conf in big:
                for ni in self.big_sets[key].intersection(scores):
                    if confirmed.get(ni, 0.0) < conf:
                        confirmed[ni] = conf
            for ni, conf in confirmed.items():
                scores[ni] += weight * conf
        if len(scores) <= limit:
            return list(scores)
        return heapq.nlargest(limit, scores, key=scores.__getitem__)

    def _common_word_candidates(self, deferred: list[tuple[float, list[tuple[str, float]]]],
                                limit: int) -> list[int]:
        """A query made only of common words: vectorised accumulation over their long posting lists."""
        total = np.zeros(len(self.names), dtype=np.float32)
        for weight, keys in deferred:
            reach = np.zeros(len(self.names), dtype=np.float32)
            for key, conf in keys:
                if len(self.big_arrays[key]) > MAX_POSTINGS:
                    continue
                plist = self.big_arrays[key]
                reach[plist] = np.maximum(reach[plist], conf)
            total += weight * reach
        found = np.flatnonzero(total)
        if len(found) > limit:
            found = found[np.argpartition(total[found], -limit)[-limit:]]
        return [int(i) for i in found]

    # -- search ---------------------------------------------------------------------------------------------

    def prepare_query(self, name: str) -> PreparedName:
        prepared = prepare(name, self.idf, korean=True, default_idf=self.unseen_idf, query=True)
        # A word the lists contain was not stripped of its vowels: no skeleton comparison for it.
        skeletons = tuple("" if ("t:" + t) in self._where else s
                          for t, s in zip(prepared.tokens, prepared.skeletons, strict=True))
        return prepared._replace(skeletons=skeletons)

    def search(self, name: str, *, limit: int = 10, threshold: float = 0.0, schema: str = "any",
               country: str | None = None, birth_date: str | None = None, explain: bool = True) -> list[Match]:
        """The top ``limit`` listed entities for a name, best first, each with score >= ``threshold``."""
        query = self.prepare_query(name)
        if not query.tokens:
            return []
        ctx = Context(schema=schema or "any", country=country, birth_date=birth_date)
        best: dict[int, tuple[float, int]] = {}
        found = self.candidates(query)
        scores = score_batch(query, self.batch(found)) if found else np.zeros(0)
        plain = ctx.schema == "any" and not ctx.country and not ctx.birth_date
        query_acronyms = acronyms(query.tokens)
        for ni, score in zip(found, scores.tolist(), strict=True):
            if score < ACRONYM_SCORE and self._acronym_of(query, query_acronyms, ni):
                score = ACRONYM_SCORE
            ri = self.name_record[ni]
            if not plain:
                rec = self.records[ri]
                score, _ = adjust(score, ctx, schema=rec.schema, countries=rec.countries,
                                  birth_dates=rec.birth_dates)
            if ri not in best or score > best[ri][0]:
                best[ri] = (score, ni)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self.records[item[0]].entity_id))
        matches: list[Match] = []
        for ri, (score, ni) in ranked[:limit]:
            if score < threshold:
                break
            rec = self.records[ri]
            explanation: dict[str, Any] = {}
            if explain:
                _, explanation = explain_name(query, self.names[ni], bool(self.name_korean[ni]))
                _, notes = adjust(1.0, ctx, schema=rec.schema, countries=rec.countries,
                                  birth_dates=rec.birth_dates)
                if self._acronym_of(query, query_acronyms, ni):
                    explanation["acronym"] = {"value": ACRONYM_SCORE, "note": "one name is the other's acronym"}
                explanation["matched_name"] = self.names[ni].text
                explanation["adjustments"] = notes
                explanation["score"] = round(score, 4)
            matches.append(Match(rec, self.names[ni].text, round(min(1.0, score), 4), explanation))
        return matches

    def _acronym_of(self, query: PreparedName, query_acronyms: set[str], ni: int) -> bool:
        """One name is the other's acronym (IRISL / Islamic Republic of Iran Shipping Lines)."""
        cand = self.names[ni].tokens
        if len(cand) == 1 and cand[0] in query_acronyms:
            return True
        return len(query.tokens) == 1 and len(query.tokens[0]) >= 3 and query.tokens[0] in acronyms(cand)

    def stats(self) -> dict[str, int]:
        return {"entities": len(self.records), "names": len(self.names), "keys": len(self._where)}


def weight_of(index: ScreeningIndex, token: str) -> float:
    return class_factor(token) * index.idf.get(token, index.unseen_idf)

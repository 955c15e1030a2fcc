"""Lookup keys: what a listed name posts in the index, and what a query looks up. Both sides live here
because they must agree: a key only finds a name if the name posted exactly that key.

* ``t:`` a word, each pair of neighbouring words joined (``nam san`` -> ``namsan``), the whole name joined;
* ``k:`` the same from Korean romanization keys, for DPRK-linked names only;
* ``s:`` a word's consonant skeleton (dropped vowels, doubled letters);
* ``b:`` consonant keys (``laborwatch.screen.arabic``) of a word and of two or three neighbouring words
  joined without their particles: Arabic-script names, transliteration variants, particles joined or split;
* ``v:`` a word's consonants as the romanizations of a Cyrillic name share them (``laborwatch.screen.cyrillic``:
  Wasiljew / Vasilyev / Vasiljev);
* ``p:`` the first six letters of a word of eight or more (truncated fields, other inflections);
* ``r:`` the rest of a word written joined to its particle (``bukhattalah`` -> ``khattalah``);
* ``a:`` the acronyms of a name of three or more words;
* a deletion neighbourhood (SymSpell) maps one-edit misspellings to indexed words.

A query's lookups come per query word, each key with a confidence; ``ScreeningIndex.candidates`` sums the
word weights times the best confidence over the names the keys reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from laborwatch.screen.acronyms import acronyms
from laborwatch.screen.arabic import consonant_spans, unglued
from laborwatch.screen.cyrillic import cyrillic_key
from laborwatch.screen.normalize import PARTICLES, abjad_key, skeleton
from laborwatch.screen.scorer import PreparedName

if TYPE_CHECKING:
    from laborwatch.screen.index import ScreeningIndex

# A listed word that is a long query's acronym counts as half the query's words: a full name and its listed
# acronym share no word, and without this the names sharing two common words ("China ... Construction") crowd
# it out of the candidates. Tuned on the alias hold-outs (0.3 and 0.8 find fewer).
ACRONYM_EVIDENCE = 0.5
# An Arabic-script query carries only consonants: for it, the same consonants are as good as the same word (less,
# and the list's own Arabic-script names, matched word for word, crowd out the romanized entries).
ARABIC_CONSONANTS = 1.0
# A long word by its first six letters (p: keys): a truncated field (PRODUCTION ASSOCIATI) or another inflection
# (Desarrollos / Desarrollar) still finds the name. Six letters and words of eight or more: shorter prefixes
# are shared by too many words to point anywhere.
PREFIX = 6
PREFIX_MIN = 8
PREFIX_CONF = 0.6
Lookups = list[tuple[float, list[tuple[str, float]]]]  # per query word: its weight and (key, confidence)


def deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1:] for i in range(len(token))}


def name_keys(prepared: PreparedName, korean: bool) -> list[str]:
    """Every key a listed name posts (duplicates are harmless: a name is posted once per key)."""
    toks = prepared.tokens
    out = ["b:" + key for _, key in consonant_spans(toks, PARTICLES)]
    for i, tok in enumerate(toks):
        out.append("t:" + tok)
        if prepared.abjad[i]:
            out.append("b:" + prepared.abjad[i])
        skel = skeleton(tok)
        if skel:
            out.append("s:" + skel)
        slavic = cyrillic_key(tok)
        if slavic:
            out.append("v:" + slavic)
        if len(tok) >= PREFIX_MIN and tok.isalpha():
            out.append("p:" + tok[:PREFIX])
        rest = unglued(tok)
        if rest:
            out.append("r:" + rest)
        if korean:
            out.append("k:" + prepared.keys[i])
        if i + 1 < len(toks):
            out.append("t:" + tok + toks[i + 1])
            if korean:
                out.append("k:" + prepared.keys[i] + prepared.keys[i + 1])
    if len(toks) > 2:
        # "CHON MA SAN" is written "Chonmasan" too
        out.append("t:" + "".join(toks))
        if korean:
            out.append("k:" + "".join(prepared.keys))
    out.extend("a:" + acronym for acronym in sorted(acronyms(toks)))
    return out


def query_lookups(index: ScreeningIndex, query: PreparedName) -> Lookups:
    """Per query word: its weight and the lookup keys it may reach, each with a confidence."""
    out: Lookups = []
    toks = query.tokens
    arabic = any(query.abjad)
    # words joined on their consonants (Abd al-Rahman / Abdurrahman / عبد الرحمن): sure for Arabic script,
    # a hint for a romanized query
    spans: dict[int, list[tuple[str, float]]] = {}
    for i, key in consonant_spans(toks, PARTICLES):
        spans.setdefault(i, []).append(("b:" + key, ARABIC_CONSONANTS if arabic else 0.6))
    for i, tok in enumerate(toks):
        keys = [*word_keys(index, tok, query.keys[i], query.abjad[i]), *spans.get(i, ())]
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
        # CRCC for China Railway Construction Corporation: scored, it ranks at the index's ACRONYM_SCORE
        weight = max(index.unseen_idf * 0.5, ACRONYM_EVIDENCE * sum(query.weights))
        out.append((weight, [("t:" + a, 0.8) for a in sorted(variants)]))
    return out


def word_keys(index: ScreeningIndex, tok: str, korean: str, abjad: str) -> list[tuple[str, float]]:
    """The keys one query word reaches on its own, whatever its neighbours (remembered: customer files
    repeat their words, and building these was a tenth of a query's time)."""
    cache: dict[tuple[str, str], list[tuple[str, float]]] = index.__dict__.setdefault("_word_keys_cache", {})
    found = cache.get((tok, abjad))
    if found is not None:
        return found
    keys: list[tuple[str, float]] = [("t:" + tok, 1.0), ("k:" + korean, 0.9)]
    if abjad:
        keys.append(("b:" + abjad, ARABIC_CONSONANTS))
    elif len(tok) >= 5:
        # other transliterations keep the consonants (Matouk/Matuq): reach them, the scorer judges
        consonants = abjad_key(tok)
        if consonants:
            keys.append(("b:" + consonants, 0.6))
    skel = skeleton(tok)
    if skel and not index.knows(tok):
        keys.append(("s:" + skel, 0.7))
    slavic = cyrillic_key(tok)
    if slavic:  # Wasiljew / Vasilyev: another language's romanization of a Cyrillic name
        keys.append(("v:" + slavic, 0.7))
    if len(tok) >= PREFIX_MIN and tok.isalpha():
        keys.append(("p:" + tok[:PREFIX], PREFIX_CONF))
    # a particle glued on one side and dropped on the other (BUKHATTALAH / Khattalah, Alhassan / Hassan)
    keys.append(("r:" + tok, 0.9))
    rest = unglued(tok)
    if rest:
        keys.append(("t:" + rest, 0.9))
    # words one edit away: misspellings, and other transliterations of a known word (Mohamed/Mohammed)
    if len(tok) >= 4 and not tok.isdigit():
        keys.extend(near(index, tok))
    if len(cache) > 100_000:
        cache.clear()
    cache[(tok, abjad)] = keys
    return keys


def near(index: ScreeningIndex, tok: str) -> list[tuple[str, float]]:
    """Lookup keys of the indexed words one edit from ``tok`` (remembered: names repeat words)."""
    cache: dict[str, list[tuple[str, float]]] = index.__dict__.setdefault("_near_cache", {})
    found = cache.get(tok)
    if found is None:
        near_words = set(index.deletions.get(tok, "").split())
        for d in deletes(tok):
            if index.knows(d):
                near_words.add(d)
            near_words.update(index.deletions.get(d, "").split())
        near_words.discard(tok)
        found = [("t:" + n, 0.8) for n in sorted(near_words)]
        if len(cache) > 100_000:
            cache.clear()
        cache[tok] = found
    return found

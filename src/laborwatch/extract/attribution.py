"""Who made a statement: "according to X", "X estimates", "..., X said", "a report by X", a quotation's speaker.

Sources are returned as written in the text (whitespace collapsed), never normalised: the reviewer sees the words
the document used. Everything here reads one span of text; remembering sources across sentences ("he said")
is the document context's job.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from laborwatch.extract.lexicon import lexicon

_ACCORDING = re.compile(r"\b(?:according to|by the (?:count|estimate|estimates|reckoning|tally|figures) of|"
                        r"in the (?:view|estimate) of)\s+"
                        r"(?P<src>[^,.;:“”\"()]{2,80}?)(?=\s*(?:[,.;:“”\"()]|\bthat\b|$))",
                        re.IGNORECASE)
_SAID_BY = re.compile(r"[,”\"]\s*(?:said|says|according to|reported|writes|wrote|informed|noted|added|stated|"
                      r"announced|confirmed|explained|estimated|told reporters)\s+"
                      r"(?=(?:the|a|an|one|two|three|several|[A-Z])\b|[A-Z])(?P<src>(?:the\s+|an?\s+)?"
                      r"[^,.;:“”\"()]{2,80}?)(?=\s*(?:[,.;:“”\"()]|$))")
_SOURCE_LEAD = re.compile(r"^(?:(?:an?\s+)?(?:(?:19|20)\d\d\s+)?(?:estimates?|figures|data|statistics|research|"
                          r"report|reports|survey|count|study)\s+(?:by|from|of)\s+)", re.IGNORECASE)
_CITING = re.compile(r",\s*(?P<cite>(?:citing|quoting)\s+[^,]{2,60}),?", re.IGNORECASE)
_LEADING = re.compile(r"^(?:[\"“‘'(\[]|\b(?:but|and|however|meanwhile|separately|now|still|yet|also|so|while|"
                      r"moreover|in addition|elsewhere|similarly|earlier|later|after|before|when|as|because|since|"
                      r"although|though|if|whereas|that|even as|until)\b[,]?\s*)+", re.IGNORECASE)
_NOUN_THEN_VERB = re.compile(r"\s+(?:range|ranged|ranging|vary|varied|varying|differ|differed|were|are|was|is|put|"
                             r"suggest|suggested|show|showed|say|said|indicate|indicated|have|had)\b")
_PUT_VERBS = frozenset({"put", "puts", "placed", "places", "has put", "have put"})
_PUT_AT = re.compile(r"\s+(?:(?:the|its|their|his|her)\s+)?(?:(?:[a-z-]+\s+){0,2}(?:number|figure|total|estimate|"
                     r"workforce|count|tally)|it|them)\b", re.IGNORECASE)
_EMBEDDED_SPEAKER = re.compile(r"\b(?:said|says|told|reported|stated|added|estimated)\s+(?:that\s+)?"
                               r"(?:it|they|he|she|we)$", re.IGNORECASE)
_RELATIVE = re.compile(r"\s+(?:who|whom|whose|which)\s+")
_LINE_END = re.compile(r"[ \t]*\n")
_CITING_AFTER = re.compile(r"\s*,\s*((?:citing|quoting)\s+[^,.;:“”\"()]{2,60}?)(?=\s*[,.;:“”\"()]|$)",
                           re.IGNORECASE)
# "a contractor in Darkhan", "the head of the office": an appositive after a name; the name itself.
_APPOSITIVE = re.compile(r"^(?:an?|the|head|director|chief|deputy|spokes\w+)\b")
_NAME = re.compile(r"(?!(?:In|On|At|By|For|From|After|Before|Since|During|As|Of|With|Under|Over|Last|This|Then|"
                   r"Now|But|And|Yet|So|While|When|Earlier|Later|Meanwhile|However)\b)"
                   r"(?:[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+){0,3}")
_DETERMINER_START = re.compile(r"^(?:the|a|an|one|two|three|several|some|many|other|local|its|his|her|their)\b",
                               re.IGNORECASE)
_PREPOSITION_START = re.compile(r"^(?:of|in|on|at|for|from|with|by|to|among|across|under|over)\b", re.IGNORECASE)
# Bare plural nouns that name a speaker on their own ("officials say", "local officials acknowledged").
_SOURCE_NOUNS = frozenset([
    "officials", "analysts", "researchers", "diplomats", "sources", "experts", "authorities", "activists",
    "defectors", "witnesses", "managers", "residents", "traders", "investigators", "lawmakers", "observers",
    # records that speak for themselves ("official statistics show", "recent studies indicate")
    "statistics", "figures", "data", "records", "documents", "estimates", "studies", "reports", "surveys",
    # people who speak for a workplace or a place
    "manager", "foreman", "supervisor", "owner", "official", "diplomat", "source", "worker", "resident",
    "employer", "contractor", "director", "spokesman", "spokeswoman", "spokesperson", "guard", "driver",
    "owners", "supervisors", "employers", "contractors", "workers"])
_TRAILING_ADVERBS = re.compile(r"(?:\s+(?:also|subsequently|now|previously|recently|later|earlier|again|further|"
                               r"separately|too|itself|first|last|once))+$", re.IGNORECASE)
_DETERMINERS = frozenset([
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your",
    "some", "which"
])
_AUXILIARIES = frozenset(["is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "not"])
# "a recent paper by X", "a study by X of Y", "an estimate by the Asan Institute": the agent is the source, however
# long the subject around it is.
_AGENT = re.compile(r"\b(?i:paper|report|study|studies|estimate|estimates|survey|analysis|investigation|research|"
                    r"count|tally|census|data|figures|statistics|numbers|assessment)\s+"
                    r"(?:(?:provided|released|published|obtained|compiled|issued|gathered|presented)\s+)?(?:by|from)\s+"
                    r"(?P<src>(?:the\s+)?[A-Z][\w.'’&-]*(?:\s+(?:(?:of|for|on|and|de)\s+(?:the\s+)?)?"
                    r"[A-Z][\w.'’&-]*)*|(?:the\s+)?(?:[a-z]+\s+)?(?:researchers|officials|analysts|experts|"
                    r"diplomats|activists|investigators|sources|authorities|scholars|academics))")
# A date or time that opens a speaker's clause ("In 2015 the UN special rapporteur put it at ..."), dropped from it.
_TIME_LEAD = re.compile(r"^(?:in|on|by|since|as of|during|until|last|this|earlier|later)\s+(?:the\s+)?"
                        r"(?:(?:early|late|mid)\s*-?\s*)?(?:\w+\s+){0,2}?(?:(?:19|20)\d\d|january|february|march|"
                        r"april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|"
                        r"thursday|friday|saturday|sunday|year|month|week|spring|summer|autumn|fall|winter)\b,?\s*",
                        re.IGNORECASE)
# A speaker named after a quotation closes: '..., ” Yonhap reports.' or '..., ” said the minister.'
_AFTER_QUOTE = (
    r"^\s*,?\s*(?:(?:{verbs})\s+(?P<after>[^,.;:“”\"]{{2,80}}?)(?=\s*[,.;:!?]|$)"
    r"|(?P<before>[^,.;:“”\"!?]{{2,80}}?)\s+(?:{verbs})\b"
    r"|according to\s+(?P<acc>[^,.;:“”\"]{{2,80}}?)(?=\s*[,.;:!?]|$))")  # {verbs}: _QUOTE_VERBS
_QUOTE_VERBS = ("said", "says", "say", "reports", "reported", "told", "tells", "added", "adds", "noted", "notes",
                "commented", "wrote", "writes", "explained", "stated", "states", "claimed", "claims", "insisted",
                "warned", "argued", "recalled", "according to")
# Opening and closing marks: curly doubles, straight doubles (they alternate), and single curly quotes whose
# closing mark ends a sentence or clause (a bare ’ after a letter is an apostrophe: "Russia’s").
_QUOTE_MARK = re.compile(r"[“”\"]|‘|(?<=[.!?,])[’'](?=\s|$)")


def is_pronoun(source: str) -> bool:
    return source.lower().strip() in lexicon().pronouns


def _clean_source(raw: str) -> str | None:
    cite = _CITING.search(raw)
    citing = cite.group("cite") if cite else None
    if cite:
        raw = raw[:cite.start()] + raw[cite.end():]
    raw = raw.split("—")[-1].split(" – ")[-1].split(" - ")[-1]  # a dateline: "DOHA — The Monitor estimates"
    pieces = [p for p in raw.split(",") if p.strip()]
    # "X estimates" or "In 2011, X reported": the last piece; "X, a former foreman, said": the first; "It may be
    # so, Breuker, head of the research, commented": the nearest piece back that names someone.
    cleaned = None
    if len(pieces) >= 2 and _APPOSITIVE.match(pieces[-1].strip()) and _NAME.fullmatch(pieces[-2].strip()):
        # "Tuvshin, a contractor in Darkhan, told reporters": the name, with what the text says of it.
        cleaned = f"{pieces[-2].strip()} ({' '.join(pieces[-1].split())})"
    for piece in [pieces[-1], *reversed(pieces[:-1])]:
        cleaned = cleaned or _clean_piece(piece)
        if cleaned:
            return f"{cleaned} ({' '.join(citing.split())})" if citing else cleaned
    return None


def _citing_after(text: str, position: int) -> str | None:
    """", citing migration data" or ", quoting a Lao official" right after a speaking verb."""
    found = _CITING_AFTER.match(text, position)
    return " ".join(found.group(1).split()) if found else None


def _clean_piece(raw: str) -> str | None:
    if re.search(r"\d", re.sub(r"\b(?:19|20)\d\d\b|38 North", "", raw)):
        return None  # a figure in the subject means this is not a source's name
    raw = raw.rsplit(": ", 1)[-1]  # "Kuwait: The interior ministry said": a label before the speaker
    raw = _LEADING.sub("", raw.strip()).strip(" \"“”‘’'()[]:")
    raw = _TIME_LEAD.sub("", re.sub(r"\s+", " ", raw))
    relative = _RELATIVE.search(raw)
    if relative and len(raw[:relative.start()].split()) >= 2:
        raw = raw[:relative.start()]  # "A Chinese academic who asked not to be named": the speaker, not the clause
    if _EMBEDDED_SPEAKER.search(raw):
        return None  # "The office said it registered 850": the office is named by "said"; "it" is no name
    raw = _TRAILING_ADVERBS.sub("", raw).strip()
    words = raw.split()
    agent = _AGENT.search(raw)
    if agent and (len(words) > 4 or not raw[:1].isupper()):
        return agent.group("src")  # "a recent paper by X for Y on which I was a discussant": X for Y
    if words and (words[-1].lower() in _DETERMINERS or any(w.lower() in _AUXILIARIES for w in words)):
        return None
    head = next((i for i, w in enumerate(words[:4]) if w.lower() in _SOURCE_NOUNS), None)
    while head is not None and head + 1 < len(words) and words[head + 1].lower() in _SOURCE_NOUNS:
        head += 1  # "official records", "government officials": the compound's last noun is its head
    if head is not None and (len(words) > 9 or not (raw[0].isupper() or _DETERMINER_START.match(raw))):
        # "plant managers interviewed for this story", "a site manager at one project on the city's northern
        # edge": the speaker is the noun phrase up to its head noun.
        words = words[:head + 1]
        raw = " ".join(words)
    if not words or len(words) > 9:
        return None
    if _PREPOSITION_START.match(raw):
        return None  # "Of the workers abroad, ..." is a topic, not a speaker
    if not (raw[0].isupper() or _DETERMINER_START.match(raw) or raw.lower() in lexicon().pronouns
            or (len(words) <= 3 and words[-1].lower() in _SOURCE_NOUNS)):
        return None
    if raw.lower() in ("there", "this", "that", "it is", "which", "who"):
        return None
    return raw


def find_source(text: str, start: int, end: int) -> str | None:
    """The source named in text[start:end]: "according to X", "X estimates/said ...", "..., X said"."""
    found = find_sources(text, start, end)
    return found[0][1] if found else None


def find_sources(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Every source named in text[start:end] with where it is named; "according to" and ", said X" first."""
    segment = text[start:end]
    found: list[tuple[int, str]] = []
    for pattern in (_ACCORDING, _SAID_BY):
        according = pattern.search(segment)
        if according:
            # After "according to", a source may start in lower case ("another Member State").
            named = _SOURCE_LEAD.sub("", according.group("src").strip())
            cleaned = _clean_source(named[:1].upper() + named[1:])
            if cleaned:
                found.append((start + according.start(), named[:1] + cleaned[1:]))
    if found:
        return found
    for verb in lexicon().attribution_verbs.finditer(segment):
        if not segment[verb.start():verb.end()][0].islower():
            continue
        if _LINE_END.match(segment, verb.end()):
            continue  # "Labor migration notes" ending a heading line: a noun, not a speaker's verb
        if _NOUN_THEN_VERB.match(segment, verb.end()):
            continue  # "estimates ranged from", "reports say": the plural noun, not the verb
        if verb.group(0).lower() in _PUT_VERBS and not _PUT_AT.match(segment, verb.end()):
            continue  # "placed 500 women in factories" is no estimate; "placed the number at 500" is
        subject = segment[:verb.start()]
        quote_close = max(subject.rfind("”"), subject.rfind("\""))
        if quote_close >= 0:  # '“...,” he said': the subject follows the closing quote
            subject = subject[quote_close + 1:]
        if not subject.strip() or subject.split()[-1].lower() in _AUXILIARIES:
            continue  # "were reported to be": a passive, not a source speaking
        cleaned = _clean_source(subject)
        if cleaned:
            citing = _citing_after(text, start + verb.end())
            if citing and "(" not in cleaned:
                cleaned = f"{cleaned} ({citing})"
            found.append((start + verb.start(), cleaned))
    if not found:
        # No speaking verb, but an author: "Estimates by researchers range from 20,000 to 100,000".
        agent = _AGENT.search(segment)
        if agent:
            found.append((start + agent.start(), re.sub(r"\s+", " ", agent.group("src"))))
    return found


def trailing_source(text: str, start: int, end: int) -> str | None:
    """A source named once for the whole sentence at its end ("...; 3,000 in Y, the ministry said.")."""
    tail = _trailing().search(text, start, end)
    return _clean_source(tail.group(1)) if tail else None


@lru_cache(maxsize=1)
def _trailing() -> re.Pattern[str]:
    verbs = lexicon().raw["attribution"]["verbs"]
    body = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return re.compile(rf"[,”\"]\s*([^,;“”\"]{{2,60}}?)\s+(?:{body})\s*[.!]?$")


@lru_cache(maxsize=1)
def _after_quote() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in sorted(_QUOTE_VERBS, key=len, reverse=True))
    return re.compile(_AFTER_QUOTE.format(verbs=verbs))


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quotations in text[start:end] (a paragraph) as (opening mark, closing mark) offsets. A quotation
    left open at the paragraph's end runs to it (news style reopens a quote in each paragraph)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in _QUOTE_MARK.finditer(text, start, end):
        # Writers mix marks ("...,” with a straight opening): any closing mark closes what is open.
        char = mark.group(0)
        if opened is None:
            if char in "“‘\"":
                opened = mark.start()
        elif char != "“" and char != "‘":
            spans.append((opened, mark.start()))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


def enclosing_quote(spans: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """The quotation (opening, closing) that ``position`` lies in, if any."""
    i = bisect_right([s for s, _ in spans], position) - 1
    return spans[i] if i >= 0 and spans[i][0] < position < spans[i][1] else None


def speaker_after(text: str, closing: int) -> str | None:
    """A speaker named right after a quotation closes, on the same line: ', ” Yonhap reports.', '” said X'."""
    if closing >= len(text):
        return None
    stop = text.find("\n", closing)
    after = _after_quote().match(text[closing + 1:closing + 160 if stop < 0 else min(stop, closing + 160)])
    if after is None:
        return None
    named = after.group("after") or after.group("before") or after.group("acc")
    return _clean_source(named) if named else None

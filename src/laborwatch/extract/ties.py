"""What ties a figure to workers: a worker noun after it ("2,000 North Korean laborers"), a "number of workers"
phrase ("puts the number at 1,800"), a worker noun before it ("workers numbered 3,000"), a figure coordinated
with one ("... to Kuwait and about 750 to Qatar"), or a part of one ("800 of those laborers").

The word lists are reviewed data in ``data/extract/lexicon.toml``; the patterns here read the phrase around a
figure and return the category of workers it counts, or None when nothing ties it to workers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.numbers import NumberMention
from laborwatch.extract.segment import Sentence

if TYPE_CHECKING:
    from laborwatch.extract.context import DocumentContext
    from laborwatch.extract.workers import WorkerFigure

_TOKEN = re.compile(r"\[?[A-Za-z][\w'’-]*\]?|[,.;:()“”\"!?]")
_BREAK = frozenset([
    "in", "to", "at", "from", "for", "by", "with", "on", "who", "that", "which", "are", "were", "is", "was",
    "have", "has", "had", "will", "would", "could", "can", "may", "might", "as", "than", "per", "each", "a",
    "an", "this", "these", "those"
])
_NUMBER_OF = re.compile(r"\b(?:number|numbers|figure|total|tally|count|headcount|population)\b"
                        r"(?:\s+of\s+(?P<np>(?:[\w\[\]’'-]+\s+){0,3}[\w\[\]’'-]+))?", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:dropped|fell|rose|grew|declined|decreased|increased|shrank|jumped|climbed|"
                     r"doubled|halved|plunged|surged|slipped|went (?:up|down)|was cut|has been cut|reduced)\b",
                     re.IGNORECASE)
NOUN_BEFORE = re.compile(
    r"(?P<noun>workers|laborers|labourers|North Koreans|soldiers|employees|workforce|troops|citizens|nationals)\b"
    r"[^.;]{0,60}?"
    r"\b(?:number(?:ed|ing|s)?|total(?:l?ed|l?ing|s)?|reached|stood at|stands at|amount(?:ed|s)? to|"
    r"(?:is|are|was|were) (?:estimated|put|believed|thought) (?:at|to be|to number)|rose to|fell to|grew to|"
    r"dropped to|declined to|increased to|decreased to|climbed to|to|(?:down|up) from)\s*$", re.IGNORECASE)
_COORDINATED = re.compile(r"^\s*(?:more\s+|others?\s+)?(?:(?:were\s+|are\s+)?(?:sent\s+|dispatched\s+)?"
                          r"(?:to|in|at|into)\s+|\(\s*(?:in|to)\s+)")
_WORK_AFTER = re.compile(r"^\s*(?:more\s+|others?\s+)?(?:(?:are|were|is|was|had|have|has|been|still|now|"
                         r"reportedly|believed to|thought to|said to|estimated to|reported to)\s+){0,3}"
                         r"(?:work|working|worked|employed|toil|toiling|labou?ring|remain|remained|based|"
                         r"stationed)\b", re.IGNORECASE)
# "Poland, which hosted around 500 in 2016": a bare figure after a hosting verb, once workers are the topic.
_HOST_BEFORE = re.compile(r"\b(?:hosts?|hosted|hosting|employs?|employed|had|has|have|keeps?|kept|"
                          r"(?:is|are|was|were) (?:home|host) to)(?:\s+(?:a further|another|an additional))?\s*$",
                          re.IGNORECASE)
_SAYS_CLOSER = re.compile(r"\b(?:is|was|are|were|be)\s+(?:\w+ly\s+)?"
                          r"(?:closer to\s+|nearer\s+|as high as\s+|as low as\s+|more like\s+)?$",
                          re.IGNORECASE)
_ESTIMATE_BEFORE = re.compile(r"\b(?:estimated|estimates|estimate|counted|counts|reported|put|puts|says|said|"
                              r"(?:estimates?|figures?|tally|count|total|guess) of|arrived at|came to|"
                              r"(?:estimates?|figures?|numbers?) (?:range|ranged|ranging|vary|varied|varying) "
                              r"(?:from|between))\s*$",
                              re.IGNORECASE)
PAREN_BEFORE = re.compile(r"\(\s*$")
_PUT_IT = re.compile(r"\bput(?:s|ting)?\s+(?:it|them|the (?:number|figure|total|workforce))\s+at\s*$", re.IGNORECASE)
_STILL_IN = re.compile(r"^\s*,?\s*(?:are|were|is|was|remain|remained)\s+(?:still\s+|now\s+)?(?:in|at|on|based)\b",
                       re.IGNORECASE)
_MORE = re.compile(r"^\s*(?:more|others?|additional)\b", re.IGNORECASE)
_WORKER_TOPIC = re.compile(r"\b(?:workers|laborers|labourers|workforce|contingents|"
                           r"North Koreans\s+(?:\w+\s+)?work\w*|(?:employ|hire|hiring|hired)\w*\s+(?:[\w-]+\s+){0,3}"
                           r"North Koreans)\b")
_OF_THEM = re.compile(r"^\s*(?:of\s+(?:them|whom|those|these))\b", re.IGNORECASE)
WORK_WORDS = re.compile(r"\b(?:work\w*|labou?r\w*|employ\w*|hired|construction|logging|factory|factories|"
                         r"jobs?|dispatched|deployed|shipyards?|farms?|mines?|building sites?|restaurants?|"
                         r"fishing|seafood|textiles?|garments?|sites?)\b", re.IGNORECASE)


def _number_start(ctx: DocumentContext, end: int) -> int:
    """Where the figure that ends at ``end`` starts (its qualifier included)."""
    found = ctx.numbers_in(max(0, end - 60), end + 1)
    return next((m.start for m in reversed(found) if m.end == end), end)


def noun_phrase(ctx: DocumentContext, end: int, stop: int) -> tuple[str | None, bool, bool, int]:
    """After a number: (category, NK named in the phrase, other nationals named, end of the phrase)."""
    lex = lexicon()
    segment = ctx.text[end:min(stop, end + 120)]
    words: list[str] = []
    for token in _TOKEN.finditer(segment):
        raw = token.group(0)
        word = raw.strip("[]").lower()
        if raw in ",.;:()“”\"!?" or (word in _BREAK and words):
            if word == "(":
                continue
            break
        if word == "of" and not words:
            continue
        words.append(word)
        phrase_end = end + token.end()
        # "the 278 North Korean employed by ...": the adjective standing for the people, as some writers use it.
        korean_noun = word == "korean" and words[-2:-1] == ["north"] and bool(
            _BARE_WORK_VERB.match(ctx.text, phrase_end))
        if word in lex.worker_nouns or (word == "koreans" and words[-2:-1] == ["north"]) or word in lex.people \
                or korean_noun:
            nk = ("north" in words and ("korean" in words or "koreans" in words)) or "dprk" in words
            foreign = any(m.code != "KP" for m in ctx.countries_in(end, phrase_end)) or \
                any(w in lex.foreign_markers for w in words)
            if word in lex.worker_nouns:
                category = _category(words, lex.worker_nouns[word])
            else:
                after = _SOME_OF_WHOM.sub("", ctx.text[phrase_end:phrase_end + 60].lower(), count=1)
                if not (_work_verb_after().match(after) or _MOST_OF_THEM_WORKERS.match(
                        ctx.text, phrase_end, phrase_end + 80) or _AT_WORKPLACE.match(ctx.text, phrase_end)
                        or _EMPLOYED_BEFORE.search(ctx.text, max(0, end - 120), _number_start(ctx, end))):
                    clause_text = ctx.text[max(0, end - 200):min(len(ctx.text), end + 200)]
                    if word != "koreans" or not WORK_WORDS.search(clause_text):
                        return None, nk, foreign, phrase_end
                category = _category(words, "all")
            return category, nk, foreign, phrase_end
        if len(words) >= 6:
            break
    return None, False, False, end


_GROUP_OF = re.compile(r"\b(?:team|crew|group|brigade|squad|contingent|unit|batch|party)\s+of\s+"
                       r"(?:about\s+|around\s+|some\s+|nearly\s+|more than\s+)?$", re.IGNORECASE)
# "North Korean personnel, 54 in total": a total written after the workers it counts, set off by a comma.
_IN_TOTAL = re.compile(r"^\s*(?:in total|in all|altogether|all told|overall)\b", re.IGNORECASE)
_WORKERS_JUST_BEFORE = re.compile(r"\b(?:North Korean|DPRK|N\. Korean)\s+(?:[a-z-]+\s+)?(?:workers|laborers|"
                                  r"labourers|personnel|staff|employees|nationals|citizens|crew|crewmen)\s*,\s*$")
# "a 50,000-strong diaspora, many of whom are working": the work verb told of a part of them.
_SOME_OF_WHOM = re.compile(r"^\s*,?\s*(?:many|most|some|all|half|several|thousands|hundreds|the rest)\s+of\s+"
                           r"(?:whom|them)\s+")
_BARE_WORK_VERB = re.compile(r"\s+(?:employed|working|hired|stationed|based|deployed|dispatched)\b", re.IGNORECASE)
# "1,200 North Korean residents, most of them construction workers": people tied to work by what follows.
_MOST_OF_THEM_WORKERS = re.compile(r"\s*,\s*(?:many|most|some|all|half|nearly all|almost all)\s+of\s+(?:them|whom)\s+"
                                   r"(?:are\s+|were\s+)?(?:[a-z-]+\s+){0,2}(?:workers|laborers|labourers|"
                                   r"employees|builders|staff)\b", re.IGNORECASE)
_COUNTRY_PAREN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*\(\s*$")
# People tied to work by where they are ("500 North Korean women in seafood factories") or by the verb that
# counts them ("a factory that employs 150 North Korean women", "placed about 500 ... in").
_AT_WORKPLACE = re.compile(r"\s+(?:in|at|on|inside)\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
                           r"(?:factor(?:y|ies)|plants?|sites?|farms?|mines?|restaurants?|shipyards?|dockyards?|"
                           r"hospitals?|clinics?|projects?|camps?|workshops?|docks?|ports?|boats?|vessels?|"
                           r"trawlers?|greenhouses?|canner(?:y|ies)|mills?|sawmills?|kitchens?)\b", re.IGNORECASE)
_EMPLOYED_BEFORE = re.compile(r"\b(?:employs?|employed|employing|hires?|hired|hiring|uses?|used|using|placed|places|"
                              r"placing|has|have|had)\s*$", re.IGNORECASE)
# A group of other nationals named as workers ("The Uzbek workers", "Chinese laborers"): their figures and wages
# are not North Koreans'.
FOREIGN_GROUP = re.compile(r"\b(?!North\b|South\b)[A-Z][a-z]+(?:ese|ian|ish|i|an|ch|ek|ak)\s+(?:[a-z-]+\s+)?"
                           r"(?:workers|laborers|labourers|nationals|builders|crews?|staff|employees)\b")
# The end of a series after a counted figure: "have dropped to three", "fell to nine".
SERIES_TO = re.compile(r"\b(?:dropped|fell|declined|decreased|shrunk|shrank|been reduced|been cut|was cut|"
                        r"were cut|dwindled|gone down|come down|rose|increased|grown|grew|climbed)\s+to\s*$",
                        re.IGNORECASE)


def work_verb_after(text: str, position: int) -> bool:
    """A work verb within two words after ``position`` ("... are still working", "... employed by")."""
    return bool(_work_verb_after().match(text[position:position + 40].lower()))


@lru_cache(maxsize=1)
def _work_verb_after() -> re.Pattern[str]:
    """Up to two words, then a work verb ("were working", "held valid work permits"), compiled once."""
    verbs = "|".join(re.escape(v) for v in sorted(lexicon().work_verbs, key=len, reverse=True))
    return re.compile(rf"\s*(?:\w+\s+){{0,3}}(?:{verbs})\b")


def _category(words: list[str], default: str) -> str:
    found = [lexicon().category_words[w] for w in words if w in lexicon().category_words]
    if "civilian" in found:
        return "civilian"
    return found[-1] if found else default


def _category_of(text: str) -> str:
    words = [w.strip("[]").lower() for w in re.findall(r"[\w\[\]’'-]+", text)]
    nouns = [lexicon().worker_nouns[w] for w in words if w in lexicon().worker_nouns]
    return _category(words, nouns[-1] if nouns else "all")


def indirect_category(ctx: DocumentContext, m: NumberMention, clause: tuple[int, int],
                       clause_figures: list[WorkerFigure], earlier: list[WorkerFigure],
                       sentence: Sentence) -> str | None:
    """A number tied to workers by its phrase rather than a noun right after it, or None."""
    text = ctx.text
    before = text[max(clause[0], m.start - 300):m.start]
    after = text[m.end:m.end + 40]
    if clause_figures and _COORDINATED.match(after):  # "... to Kuwait and about 750 to Qatar"
        return clause_figures[-1].category
    if clause_figures and SERIES_TO.search(before[-40:]):  # "the 278 ... have dropped to three"
        return clause_figures[-1].category
    # "There are about 50,000 in Russia, 20,000 in China ..." once workers are the sentence's topic.
    topic_start = ctx.sentences[max(0, sentence.index - 1)].start
    if _COORDINATED.match(after) and _WORKER_TOPIC.search(text, topic_start, m.start):
        return "all"
    recent = clause_figures or [f for f in earlier if f.sentence.index >= sentence.index - 2]
    if (_OF_THEM.match(after) or _MORE.match(after)) and recent:
        return recent[-1].category
    of_them = _OF_THEM.match(after)
    if of_them and ctx.mentions_nk(m.end, min(clause[1], m.end + 50)):
        return "all"  # "some 900 workers, 350 of them from North Korea": the part is what is North Korean
    if of_them and _WORK_AFTER.match(after[of_them.end():]) and ctx.nk_near(sentence, 2):
        return "all"  # "perhaps 100,000 of them toil in some 40 countries"
    topic_start = ctx.sentences[max(0, sentence.index - 1)].start
    if of_them and _WORKER_TOPIC.search(text, topic_start, m.start) and ctx.nk_near(sentence, 1):
        return "all"  # "North Korean workers are a common sight. There are about 9,000 of them in Primorye."
    if _WORK_AFTER.match(after) and (recent or ctx.nk_near(sentence, 1)):
        return recent[-1].category if recent else "all"
    if recent and (_HOST_BEFORE.search(before) or _SAYS_CLOSER.search(before) or _STILL_IN.match(after)
                   or PAREN_BEFORE.search(before)):
        return recent[-1].category
    # "the largest contingents in Russia (around 30,000) and China (around 50,000)": a figure in brackets after a
    # country, in a clause about workers.
    if _COUNTRY_PAREN.search(before[-40:]) and ctx.countries_in(max(clause[0], m.start - 40), m.start) and \
            _WORKER_TOPIC.search(text, max(topic_start, m.start - 400), m.start) and ctx.nk_near(sentence, 1):
        return _category_of(text[max(topic_start, m.start - 400):m.start])
    # "..., and Oman fewer than 200": a country, then the figure, after a count in the same sentence; or a list
    # after workers were named ("Estimates of North Korean workers by country: Russia 30,000, China 50,000").
    if ctx.countries_in(max(clause[0], m.start - 30), m.start) and re.search(
            r"(?:^|[:,;]|\band)\s+(?:the\s+)?[A-Z][\w ]{2,30}$", before):
        if clause_figures:
            return clause_figures[-1].category
        if _WORKER_TOPIC.search(text, topic_start, m.start) and ctx.nk_near(sentence, 1):
            return "all"
    # "A UN report estimated more than fifty thousand" right after a sentence about how many work abroad.
    first = ctx.sentences[max(0, sentence.index - 2)]
    if (_ESTIMATE_BEFORE.search(before) or _PUT_IT.search(before)) and (
            _WORKER_TOPIC.search(text, first.start, m.start) or _headline_topic(ctx)):
        return "all"
    if _GROUP_OF.search(before[-30:]) and ctx.nk_near(sentence, 2) and (recent or _WORKER_TOPIC.search(
            text, ctx.sentences[max(0, sentence.index - 2)].start, m.start)):
        # "One team of 13, based in a rented apartment": a team of the workers the text is about.
        return recent[-1].category if recent else _category_of(text[max(0, m.start - 300):m.start])
    if _IN_TOTAL.match(after):  # "began employing North Korean personnel, 54 in total, between ..."
        named = _WORKERS_JUST_BEFORE.search(before[-80:])
        if named:
            return _category_of(named.group(0))
    noun_before = NOUN_BEFORE.search(before[-120:])
    if noun_before:
        noun_at = m.start - len(before[-120:]) + noun_before.start("noun")
        if any(c.code != "KP" for c in ctx.countries_in(max(clause[0], noun_at - 25), noun_at)):
            return None  # "Chinese workers in Mongolia numbered 6,000": other nationals
        return _category_of(before[-120:][:noun_before.end("noun")])
    number_of = None
    for found in _NUMBER_OF.finditer(before):
        number_of = found  # the last "number of ..." before the figure is the one it belongs to
    if number_of is None:
        return None
    tail = before[number_of.end():]
    linked = re.search(r"\b(?:at|to|of|is|was|stands at|stood at|reached|from|around|about|some)\s+[^\w]*"
                       r"(?:about\s+|around\s+|approximately\s+|roughly\s+|some\s+)?$", tail)
    if not linked and not _CHANGE.search(tail):
        return None
    if number_of.group("np"):
        category = _category_of(number_of.group("np"))
        np_words = number_of.group("np").lower()
        if not any(w.strip("[]") in lexicon().worker_nouns or w in lexicon().people
                   for w in re.findall(r"[\w\[\]’'-]+", np_words)):
            return None
        return category
    previous = clause_figures or [f for f in earlier if f.sentence.index >= sentence.index - 2]
    if previous:
        return previous[-1].category
    # "put the total at 100,000" with no earlier figure: workers must be the topic just before.
    first = ctx.sentences[max(0, sentence.index - 2)]
    if _WORKER_TOPIC.search(text, first.start, m.start) or _headline_topic(ctx):
        return "all"
    return None


def _headline_topic(ctx: DocumentContext) -> bool:
    """Does the document's first sentence (its headline or lead) speak of North Koreans at work? Then "put the
    number at 50,000" further down counts them ("How many North Koreans work in China? ...")."""
    first = ctx.sentences[0] if ctx.sentences else None
    return first is not None and bool(_WORKER_TOPIC.search(ctx.text, first.start, first.end)) and \
        ctx.mentions_nk(first.start, first.end)

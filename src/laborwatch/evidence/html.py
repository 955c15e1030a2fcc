"""Main article text and metadata from an HTML page, without navigation, ads and other boilerplate.

News pages wrap a few paragraphs of reporting in menus, share buttons and link lists; claims extracted from
those would be noise. We keep the page's <article> (or <main>, or the block with the most paragraph text)
and drop elements whose tag or class/id says they are page furniture.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "iframe",
              "button", "select", "input", "figure", "object", "embed")
_FURNITURE = re.compile(
    r"\b(nav|navbar|menu|footer|sidebar|comments?|share|sharing|social|cookie|advert|ads?|promo|related|"
    r"subscribe|newsletter|breadcrumbs?|masthead|skip-link|banner)\b",
    re.IGNORECASE,
)
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
           "blockquote", "pre", "table", "tr", "header", "dl", "dt", "dd", "br", "hr", "td", "th"}
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def html_to_document(data: bytes) -> tuple[str, dict[str, str]]:
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ValueError(str(exc) or "empty or unparseable document") from None
    meta = _metadata(root)
    for element in list(root.iter(*_DROP_TAGS)):
        _drop(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
        if _FURNITURE.search(marker) and element.getparent() is not None:
            _drop(element)
    main = _main_container(root)
    text = _text_of(main)
    return text, meta


def _drop(element: Any) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # keep the tail text, which belongs to the parent, not to the dropped element
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _metadata(root: Any) -> dict[str, str]:
    meta: dict[str, str] = {}

    def first(*xpaths: str) -> str | None:
        for xpath in xpaths:
            for value in root.xpath(xpath):
                value = _SPACES.sub(" ", str(value)).strip()
                if value:
                    return value
        return None

    title = first("//meta[@property='og:title']/@content", "//meta[@name='twitter:title']/@content",
                  "//title/text()", "//h1//text()")
    publisher = first("//meta[@property='og:site_name']/@content", "//meta[@name='publisher']/@content",
                      "//meta[@name='author']/@content", "//meta[@name='dc.publisher']/@content")
    published = first("//meta[@property='article:published_time']/@content",
                      "//meta[@name='date']/@content", "//meta[@name='dc.date']/@content",
                      "//meta[@itemprop='datePublished']/@content", "//time/@datetime")
    language = first("/html/@lang", "//meta[@http-equiv='content-language']/@content")
    if title:
        meta["title"] = title
    if publisher:
        meta["publisher"] = publisher
    if published:
        match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published)
        if match:
            meta["published"] = "-".join(p for p in match.groups() if p)
    if language:
        meta["language"] = language.split("-")[0].lower()[:12]
    return meta


def _main_container(root: Any) -> Any:
    for xpath in ("//article", "//main", "//*[@role='main']"):
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    best, best_score = None, 0
    for candidate in root.iter("div", "section", "td"):
        score = sum(len(p.text_content()) for p in candidate.findall("p"))
        if score > best_score:
            best, best_score = candidate, score
    if best is not None and best_score > 200:
        return best
    body = root.find("body")
    return body if body is not None else root


def _text_of(element: Any) -> str:
    pieces: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag in _BLOCKS
        if block:
            pieces.append("\n\n")
        if node.text:
            pieces.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n\n")

    walk(element)
    paragraphs = (_SPACES.sub(" ", part).strip() for part in "".join(pieces).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)

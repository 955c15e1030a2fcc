"""From a file's bytes to the document text that claims point into, plus the metadata the file carries.

Offsets of claims count characters of this text, so it must be reproducible from the stored bytes: the same
bytes always give the same text. Plain text is decoded and left exactly as it is (no newline or Unicode
normalization); HTML, PDF and DOCX are reduced to their readable text by the functions below.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laborwatch.evidence.errors import IntakeError
from laborwatch.evidence.html import html_to_document

SUPPORTED = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PAGE_BREAK = "\f"  # between PDF pages, as pdftotext writes it; page_starts keeps the exact boundaries
# A DOCX is a zip: refuse archives that would inflate beyond this (zip bombs) before parsing any XML.
MAX_DOCX_INFLATED = 200 * 1024 * 1024


@dataclass
class ExtractedText:
    text: str
    media_type: str
    page_starts: list[int] | None = None
    metadata: dict[str, str] = field(default_factory=dict)  # title, publisher, published, language


def media_type_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        kinds = ", ".join(sorted({s for s in SUPPORTED if s != ".htm"}))
        raise IntakeError(path, f"unsupported file type {suffix or '(no extension)'!r}; LaborWatch reads {kinds}")
    return SUPPORTED[suffix]


def extract_text(path: Path, data: bytes) -> ExtractedText:
    """Dispatch on the file's extension; every failure is an IntakeError naming the file."""
    media_type = media_type_for(path)
    if not data:
        raise IntakeError(path, "the file is empty")
    if media_type in ("text/plain", "text/markdown"):
        result = _plain(path, data, media_type)
    elif media_type == "text/html":
        result = _html(path, data)
    elif media_type == "application/pdf":
        result = _pdf(path, data)
    else:
        result = _docx(path, data)
    if not result.text.strip():
        raise IntakeError(path, "no text could be extracted (the document has no readable words)")
    result.metadata.setdefault("language", guess_language(result.text))
    return result


def decode_utf8(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise IntakeError(path, "looks like binary data (NUL bytes), not text; is the extension right?")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IntakeError(
            path,
            f"is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}); "
            "convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
        ) from None


def _plain(path: Path, data: bytes, media_type: str) -> ExtractedText:
    text = decode_utf8(path, data)
    meta: dict[str, str] = {}
    if media_type == "text/markdown":
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
        if heading:
            meta["title"] = heading.group(1)
    else:  # a plain-text article's first line is its headline when it is short enough to be one
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if 0 < len(first) <= 200:
            meta["title"] = first
    return ExtractedText(text=text, media_type=media_type, metadata=meta)


def _html(path: Path, data: bytes) -> ExtractedText:
    if b"\x00" in data[:8192]:
        raise IntakeError(path, "looks like binary data (NUL bytes), not HTML")
    try:
        text, meta = html_to_document(data)
    except ValueError as exc:
        raise IntakeError(path, f"cannot be parsed as HTML: {exc}") from None
    return ExtractedText(text=text, media_type="text/html", metadata=meta)


def _pdf(path: Path, data: bytes) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF-"):
        raise IntakeError(path, "is not a PDF (it does not start with %PDF-); the file is corrupt or misnamed")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IntakeError(path, "is an encrypted PDF; save an unencrypted copy first")
        pages = [(page.extract_text() or "") for page in reader.pages]
        info: Any = reader.metadata or {}
    except IntakeError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IntakeError(path, f"is a corrupt or unreadable PDF ({exc.__class__.__name__}: {exc})") from None
    if not pages:
        raise IntakeError(path, "is a PDF with no pages")
    if not any(p.strip() for p in pages):
        raise IntakeError(path, f"is a PDF with no text layer ({len(pages)} page(s) of images?); run OCR on it first")
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for number, page in enumerate(pages):
        if number:
            parts.append(PAGE_BREAK)
            offset += len(PAGE_BREAK)
        starts.append(offset)
        parts.append(page)
        offset += len(page)
    meta: dict[str, str] = {}
    title = info.get("/Title")
    author = info.get("/Author")
    if title and str(title).strip():
        meta["title"] = str(title).strip()
    if author and str(author).strip():
        meta["publisher"] = str(author).strip()
    created = info.get("/CreationDate")
    if created:
        match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", str(created))
        if match:
            meta["published"] = "-".join(p for p in match.groups() if p)
    return ExtractedText(text="".join(parts), media_type="application/pdf", page_starts=starts, metadata=meta)


def _docx(path: Path, data: bytes) -> ExtractedText:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            if inflated > MAX_DOCX_INFLATED:
                raise IntakeError(path, f"inflates to {inflated // 2**20} MB; refusing a possible zip bomb")
            if "word/document.xml" not in archive.namelist():
                raise IntakeError(path, "is a zip file but not a Word document (no word/document.xml)")
        document = docx.Document(io.BytesIO(data))
    except IntakeError:
        raise
    except zipfile.BadZipFile:
        raise IntakeError(path, "is not a valid DOCX (not a zip archive); the file is corrupt or misnamed") from None
    except (KeyError, ValueError, OSError) as exc:
        raise IntakeError(path, f"is a corrupt DOCX ({exc.__class__.__name__}: {exc})") from None
    except Exception as exc:  # lxml raises its own XMLSyntaxError for damaged parts
        raise IntakeError(path, f"is a corrupt DOCX ({exc.__class__.__name__}: {exc})") from None
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    props = document.core_properties
    meta: dict[str, str] = {}
    if props.title:
        meta["title"] = props.title
    if props.author:
        meta["publisher"] = props.author
    if props.created:
        meta["published"] = props.created.date().isoformat()
    return ExtractedText(text="\n\n".join(paragraphs), media_type=SUPPORTED[".docx"], metadata=meta)


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_language(text: str) -> str:
    """A deliberately simple script test: enough to keep the English rules off Korean text."""
    sample = text[:20000]
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    if hangul > latin:
        return "ko"
    return "en" if latin else "und"


def page_of(page_starts: list[int] | None, offset: int) -> int | None:
    """1-based page number holding character ``offset``, for documents that have pages."""
    if not page_starts:
        return None
    page = 0
    for number, start in enumerate(page_starts):
        if start <= offset:
            page = number
        else:
            break
    return page + 1

"""Document intake on a real store: what is stored for good files, and that bad files change nothing."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import docx
import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import func, select
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.evidence.intake import DocumentMetadata, add_path, add_paths
from laborwatch.evidence.text import PAGE_BREAK
from laborwatch.store import Store
from laborwatch.store.models import AuditEntry, Document, Source
from tests.conftest import SAMPLES


def snapshot(store: Store) -> tuple[int, int, int, list[str]]:
    """Everything an import could touch: rows in three tables and the files under blobs/."""
    with store.transaction() as session:
        docs = session.scalar(select(func.count()).select_from(Document)) or 0
        sources = session.scalar(select(func.count()).select_from(Source)) or 0
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    blobs = sorted(str(p.relative_to(store.blob_dir)) for p in store.blob_dir.rglob("*") if p.is_file())
    return docs, sources, audit, blobs


def test_plain_text_is_stored_byte_exact_with_its_hash(store: Store) -> None:
    path = SAMPLES / "gulf-labor-briefing.txt"
    result = add_path(store, path, actor="ana", metadata=DocumentMetadata(publisher="Gulf Labour Monitor",
                                                                         published="2017-03-14"))
    data = path.read_bytes()
    assert result.status == "added"
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    with store.transaction() as session:
        doc = session.get(Document, result.sha256)
        assert doc is not None
        assert doc.text == data.decode("utf-8")  # nothing normalized: offsets count the file's characters
        assert doc.title == "Gulf states squeeze North Korean labor contracts"
        assert doc.publisher == "Gulf Labour Monitor" and doc.published == "2017-03-14"
        assert doc.metadata_origin["publisher"] == "user" and doc.metadata_origin["title"] == "document"
        assert doc.language == "en" and doc.restricted is False and doc.added_by == "ana"
        assert doc.source_id is not None
        audit = session.scalars(select(AuditEntry)).all()
        assert [(a.action, a.object_id, a.actor) for a in audit] == [("document.add", result.sha256, "ana")]
    blob = store.blob_dir / result.sha256[:2] / result.sha256
    assert blob.read_bytes() == data


def test_html_keeps_the_article_and_drops_page_furniture(store: Store) -> None:
    result = add_path(store, SAMPLES / "russia-construction-sites.html", actor="ana")
    with store.transaction() as session:
        doc = session.get(Document, result.sha256)
        assert doc is not None
        assert "between 10,000 and 15,000 North Korean laborers" in doc.text
        assert "Korea Rungrado General Trading Corporation" in doc.text
        for furniture in ("Share on social media", "All rights reserved", "Port traffic rises", "Opinion"):
            assert furniture not in doc.text
        assert doc.title == "Far East builders keep hiring North Koreans"
        assert doc.publisher == "Pacific Rim Courier"
        assert doc.published == "2024-05-21"


def test_pdf_keeps_page_boundaries_and_its_metadata(store: Store) -> None:
    result = add_path(store, SAMPLES / "mongolia-quota-bulletin.pdf", actor="ana")
    with store.transaction() as session:
        doc = session.get(Document, result.sha256)
        assert doc is not None
        assert doc.page_starts is not None and len(doc.page_starts) == 2
        second = doc.page_starts[1]
        assert doc.text[second - len(PAGE_BREAK):second] == PAGE_BREAK
        assert doc.text[second:].startswith("Textile and construction firms")
        assert "four thousand permits" in doc.text[: second]
        assert doc.title == "Mongolia to send North Korean workers home"
        assert doc.publisher == "Steppe Economic Bulletin"
        assert doc.published == "2018-01-15"


def test_docx_paragraphs_and_core_properties(store: Store, tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Poland stops visas"
    document.core_properties.author = "Vistula Weekly"
    document.add_paragraph("Poland stopped issuing new work visas to North Korean workers in 2016.")
    document.add_paragraph("About 400 workers remained at shipyards, an inspector said.")
    path = tmp_path / "poland.docx"
    document.save(str(path))
    result = add_path(store, path, actor="ana")
    with store.transaction() as session:
        doc = session.get(Document, result.sha256)
        assert doc is not None
        assert doc.text == ("Poland stopped issuing new work visas to North Korean workers in 2016.\n\n"
                            "About 400 workers remained at shipyards, an inspector said.")
        assert (doc.title, doc.publisher) == ("Poland stops visas", "Vistula Weekly")


def test_adding_the_same_bytes_again_is_a_no_op_that_names_the_document(store: Store, tmp_path: Path) -> None:
    first = add_path(store, SAMPLES / "china-seafood-plants.md", actor="ana")
    copy = tmp_path / "renamed-copy.md"
    copy.write_bytes((SAMPLES / "china-seafood-plants.md").read_bytes())
    before = snapshot(store)
    again = add_path(store, copy, actor="bo", metadata=DocumentMetadata(title="Other title", restricted=True))
    assert again.status == "duplicate" and again.sha256 == first.sha256
    assert first.sha256 is not None and first.sha256[:12] in again.message
    assert "Seafood plants in Liaoning" in again.message
    assert snapshot(store) == before


def test_restricted_flag_is_recorded(store: Store) -> None:
    result = add_path(store, SAMPLES / "witness-statement-restricted.txt", actor="ana",
                      metadata=DocumentMetadata(restricted=True))
    with store.transaction() as session:
        doc = session.get(Document, result.sha256)
        assert doc is not None and doc.restricted is True


def _pdf_without_text(path: Path) -> None:
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 200, 200, fill=1)  # a scanned page: shapes, no text layer
    pdf.showPage()
    pdf.save()


def _zip_bomb_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w/>" + b" " * (210 * 1024 * 1024))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _sparse_200mb(path: Path) -> Path:
    with path.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _broken_link(path: Path) -> Path:
    path.symlink_to(path.parent / "does-not-exist.txt")
    return path


def _billion_laughs() -> bytes:
    entities = b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"lol") * 10) for i in range(1, 10)
    )
    return b'<?xml version="1.0"?><!DOCTYPE lolz [' + entities + b"]><html><body><p>&lol9;</p></body></html>"


def _with_pdf_without_text(path: Path) -> Path:
    _pdf_without_text(path)
    return path


def _with_zip_bomb(path: Path) -> Path:
    _zip_bomb_docx(path)
    return path


# name -> (file name, how to make it, words the error must contain)
BAD_INPUTS: dict[str, tuple[str, object, str]] = {
    "unsupported": ("notes.xlsx", b"PK\x03\x04 not really", "unsupported file type '.xlsx'"),
    "empty": ("empty.txt", b"", "the file is empty"),
    "latin1": ("latin1.txt", "Caf\u00e9 workers in Doha\n".encode("latin-1"),
               "is not valid UTF-8: byte 0xe9 at offset 3 (line 1)"),
    "binary": ("junk.txt", bytes(range(256)) * 4, "binary data"),
    "corrupt_pdf": ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", "PDF"),
    "not_a_pdf": ("fake.pdf", b"<html>not a pdf</html>", "is not a PDF"),
    "pdf_no_text": ("scan.pdf", _with_pdf_without_text, "no text layer"),
    "corrupt_docx": ("broken.docx", b"PK\x03\x04" + bytes(200), "not a valid DOCX"),
    "zip_bomb": ("bomb.docx", _with_zip_bomb, "zip bomb"),
    "huge": ("huge.txt", _sparse_200mb, "200.0 MB, over the 50 MB limit"),
    "unreadable": ("gone.txt", _broken_link, "does not exist"),
    "not_regular": ("pipe.txt", _fifo, "not a regular file"),
    "whitespace_html": ("blank.html", b"<html><body><nav>Menu</nav>   </body></html>", "no text could be extracted"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_every_bad_input_is_refused_specifically_and_changes_nothing(store: Store, tmp_path: Path,
                                                                     cli: CliRunner, case: str) -> None:
    add_path(store, SAMPLES / "gulf-labor-briefing.txt", actor="ana")  # something already stored must stay
    before = snapshot(store)
    name, make, expected = BAD_INPUTS[case]
    path = _write(tmp_path / name, make) if isinstance(make, bytes) else make(tmp_path / name)  # type: ignore[operator]
    result = cli.invoke(app, ["add", str(path)])
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert str(path) in out
    assert expected in out, out
    assert snapshot(store) == before


def test_a_folder_import_reports_each_bad_file_and_keeps_the_good_ones(store: Store, tmp_path: Path,
                                                                      cli: CliRunner) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text("About 300 North Korean workers were seen in Vladivostok.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00junk")
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_bytes((SAMPLES / "russia-construction-sites.html").read_bytes())
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    result = cli.invoke(app, ["add", str(folder), "--publisher", "Inbox"])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "2 added, 0 already stored, 1 failed" in out
    assert f"{folder / 'bad.txt'}: " in out
    with store.transaction() as session:
        names = sorted(d.filename for d in session.scalars(select(Document)))
    assert names == ["good.txt", "page.html"]
    results = list(add_paths(store, [folder], actor="ana"))
    assert [r.status for r in results] == ["error", "duplicate", "duplicate"]


def test_cli_add_list_and_show(home: Path, cli: CliRunner) -> None:
    added = cli.invoke(app, ["add", str(SAMPLES / "russia-construction-sites.html"), "--url",
                             "https://example.org/far-east", "--restricted"])
    assert added.exit_code == 0, added.output
    listed = cli.invoke(app, ["documents", "--format", "json"])
    assert listed.exit_code == 0
    assert '"restricted": true' in listed.output and '"url": "https://example.org/far-east"' in listed.output
    table = cli.invoke(app, ["documents"])
    assert "Far East builders keep hiring North Koreans" in table.output
    sha = hashlib.sha256((SAMPLES / "russia-construction-sites.html").read_bytes()).hexdigest()
    shown = cli.invoke(app, ["show", sha[:8]])
    assert shown.exit_code == 0 and "Pacific Rim Courier" in shown.output and "VLADIVOSTOK" in shown.output
    missing = cli.invoke(app, ["show", "abcdef12"])
    assert missing.exit_code == 1 and "no document with id 'abcdef12'" in missing.output
    bad_date = cli.invoke(app, ["add", str(SAMPLES / "gulf-labor-briefing.txt"), "--published", "2017-13"])
    assert bad_date.exit_code == 1 and "not a real date" in bad_date.output


def test_html_entity_definitions_are_never_expanded(store: Store, tmp_path: Path) -> None:
    """A billion-laughs page is stored as the few characters it really has, not gigabytes of 'lol'."""
    result = add_path(store, _write(tmp_path / "laughs.html", _billion_laughs()), actor="ana")
    with store.transaction() as session:
        doc = session.get(Document, result.sha256)
        assert doc is not None
        assert len(doc.text) < 50 and "lollol" not in doc.text

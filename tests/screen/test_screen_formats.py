"""List readers on excerpts of the real list files, and hostile XML that must be refused without harm."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborwatch.screen.formats import ListFormatError, country_code, read_list

FIXTURES = Path(__file__).parent / "fixtures"


def records(path: Path, fmt: str) -> list:  # type: ignore[type-arg]
    return list(read_list(path, fmt).records)


def test_ofac_csv_folder_joins_aliases_addresses_and_remarks() -> None:
    found = {r.entity_id: r for r in records(FIXTURES / "ofac-csv", "ofac-csv")}
    assert len(found) == 6
    komid = found["sdn-9345"]
    assert komid.caption == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert komid.programs == ["NPWMD", "DPRK2"]
    assert komid.schema == "Organization" and len(komid.names) > 1
    person = found["sdn-15667"]
    assert person.schema == "Person" and person.birth_dates == ["1964-06-18"]
    assert found["sdn-17069"].schema == "Vessel"
    assert found["sdn-12211"].birth_dates == ["1947", "1946"]


def test_ofac_xml_streams_entries_with_publish_date() -> None:
    parsed = read_list(FIXTURES / "ofac-consolidated.xml", "ofac-xml")
    found = list(parsed.records)
    assert parsed.meta["published"] == "2018-04-06"
    assert [r.entity_id for r in found] == ["ofac-4632", "ofac-4633"]
    assert "CENTRAL BANK OF IRAN" in found[0].names and found[0].countries == ["ir"]


def test_un_xml_persons_and_entities() -> None:
    parsed = read_list(FIXTURES / "un-consolidated.xml", "un-xml")
    found = {r.entity_id: r for r in parsed.records}
    assert parsed.meta["published"] == "2026-02-27"
    assert found["un-KPi.001"].schema == "Person" and "kp" in found["un-KPi.001"].countries
    assert found["un-KPe.001"].schema == "Organization"
    assert all(r.programs == ["DPRK"] for r in found.values())


def test_ftm_lines() -> None:
    found = records(FIXTURES / "combined.ftm.jsonl", "ftm")
    assert len(found) == 12
    airkoryo = next(r for r in found if r.entity_id == "sdn-20520")
    assert airkoryo.names == ["AIRKORYO", "AIR KORYO"] and airkoryo.list_name == "us_ofac_sdn"


def test_plain_csv(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,name,aliases,schema,country,program\n"
                    "x-1,Sinhung Construction,Sinhung Co;Sinhung Building,Organization,KP,DPRK3\n", encoding="utf-8")
    [rec] = records(path, "csv")
    assert rec.names == ["Sinhung Construction", "Sinhung Co", "Sinhung Building"]
    assert rec.countries == ["kp"] and rec.programs == ["DPRK3"]


def test_plain_csv_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,name\nx-1,Fine\nx-2,\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"line 3"):
        records(path, "csv")
    path.write_text("identifier,label\n1,a\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="missing column"):
        records(path, "csv")


def test_country_names_as_lists_write_them() -> None:
    assert country_code("Korea, North") == "kp"
    assert country_code("Democratic People's Republic of Korea") == "kp"
    assert country_code("Russia") == "ru"
    assert country_code("Atlantis") is None


XXE = """<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&xxe;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>
"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>X</REFERENCE_NUMBER><FIRST_NAME>&lol3;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""
NETWORK_DTD = """<?xml version="1.0"?>
<!DOCTYPE sdnList SYSTEM "http://127.0.0.1:9/sdn.dtd">
<sdnList></sdnList>
"""
MALFORMED = """<?xml version="1.0"?>
<sdnList>
  <sdnEntry><uid>1</uid><lastName>GOOD</lastName><sdnType>Entity</sdnType></sdnEntry>
  <sdnEntry><uid>2</uid><lastName>BROKEN</lastName>
</sdnList>
"""


@pytest.mark.parametrize(("text", "fmt"), [(XXE, "ofac-xml"), (LAUGHS, "un-xml"), (NETWORK_DTD, "ofac-xml")])
def test_dtds_and_entities_are_refused(tmp_path: Path, text: str, fmt: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"line 2: document type declarations are not accepted"):
        records(path, fmt)


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(MALFORMED, encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"broken.xml: malformed XML at line 5"):
        records(path, "ofac-xml")


def test_binary_junk_and_wrong_encoding(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xml"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ListFormatError, match="malformed XML at line"):
        records(junk, "un-xml")
    latin = tmp_path / "latin.xml"
    latin.write_bytes('<?xml version="1.0" encoding="UTF-8"?>\n<sdnList>\n<sdnEntry><uid>1</uid>'
                      '<lastName>CAF\xc9</lastName></sdnEntry></sdnList>'.encode("latin-1"))
    with pytest.raises(ListFormatError, match="line 3"):
        records(latin, "ofac-xml")
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_bytes(b'{"id": "a", "properties": {"name": ["OK"]}}\n\xff\xfe garbage\n')
    with pytest.raises(ListFormatError, match=r"not UTF-8|line 2"):
        records(jsonl, "ftm")


def test_ftm_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["A B"]}}\n{"id": \n', encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"line 2: not a JSON object"):
        records(path, "ftm")


def test_wrong_shapes(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match=r"folder holding sdn\.csv"):
        records(FIXTURES / "combined.ftm.jsonl", "ofac-csv")
    with pytest.raises(ListFormatError, match="a folder, but this format is one XML file"):
        records(FIXTURES / "ofac-csv", "un-xml")
    with pytest.raises(ListFormatError, match="unknown list format"):
        read_list(FIXTURES / "combined.ftm.jsonl", "xlsx")
    with pytest.raises(ListFormatError, match="no such file"):
        read_list(tmp_path / "missing.xml", "un-xml")

"""Screening and sanctions lists through the API: upload a list, screen a name, run a batch job."""

from __future__ import annotations

import csv
import io
import time

# A made-up list in the plain CSV format (written for these tests; not from a real list).
TEST_LIST = """id,name,aliases,schema,country,program
t-1,MORNING STAR OVERSEAS CONSTRUCTION COMPANY,Morning Star Construction,Organization,kp,DPRK3
t-2,"PAK, Chol Su",Park Cheol Soo,Person,kp,DPRK3
t-3,BLUE RIVER TRADING LLC,,Organization,ae,SDGT
"""


def load(client, people, text: str = TEST_LIST, name: str = "test-list.csv"):
    return client.post("/api/lists", headers=people["ada"].auth, data={"format": "csv", "name": "test"},
                       files={"files": (name, text.encode())})


def test_lists_upload_and_refusals(client, people):
    assert client.get("/api/screen", headers=people["ana"].auth, params={"name": "x"}).status_code == 409
    refused = load(client, people)
    assert refused.status_code == 201, refused.text
    version = refused.json()
    assert version["list_name"] == "test" and version["entity_count"] == 3 and version["is_current"]
    assert client.post("/api/lists", headers=people["ana"].auth, data={"format": "csv"},
                       files={"files": ("l.csv", TEST_LIST.encode())}).status_code == 403
    bad = load(client, people, text="id,label\n1,x\n")
    assert bad.status_code == 422 and "missing column" in bad.json()["error"]["message"]
    assert "/tmp" not in bad.json()["error"]["message"]
    unknown = client.post("/api/lists", headers=people["ada"].auth, data={"format": "xlsx"},
                          files={"files": ("l.csv", TEST_LIST.encode())})
    assert unknown.status_code == 422
    listed = client.get("/api/lists", headers=people["vic"].auth).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == version["id"]  # the bad load changed nothing


def test_screen_one_name_with_explanation(client, people):
    load(client, people)
    found = client.get("/api/screen", headers=people["ana"].auth,
                       params={"name": "Morningstar Overseas Construction Co", "limit": 3})
    assert found.status_code == 200, found.text
    top = found.json()["items"][0]
    assert top["entity_id"] == "t-1" and top["score"] > 0.8 and top["rank"] == 1
    assert top["explanation"] and top["list"] == "test"
    person = client.get("/api/screen", headers=people["ana"].auth,
                        params={"name": "Park Chul Soo", "schema": "Person"}).json()
    assert person["items"][0]["entity_id"] == "t-2"
    assert client.get("/api/screen", headers=people["vic"].auth, params={"name": "x"}).status_code == 403
    assert client.get("/api/screen", headers=people["ana"].auth, params={"name": ""}).status_code == 422
    assert client.get("/api/screen", headers=people["ana"].auth,
                      params={"name": "x", "schema": "Planet"}).status_code == 422


def test_batch_job_with_progress_and_download(client, people):
    load(client, people)
    rows = "id,name,schema\nq1,Morning Star Overseas Construction,Organization\nq2,Blue River Trading,\n" \
           "q3,,Person\nq4,Nobody In Particular,Person\n"
    started = client.post("/api/screen/batch", headers=people["ana"].auth, data={"threshold": "0.6"},
                          files={"file": ("customers.csv", rows.encode())})
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["total"] == 3 and job["row_error_count"] == 1 and job["row_errors"][0].startswith("line 4")
    for _ in range(200):
        job = client.get(job["status_url"], headers=people["ana"].auth).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "done", job
    assert job["done"] == 3 and job["progress"] == 1.0
    result = client.get(job["result_url"], headers=people["ana"].auth)
    assert result.status_code == 200 and "customers-hits.csv" in result.headers["content-disposition"]
    hits = list(csv.DictReader(io.StringIO(result.text)))
    assert {h["query_id"] for h in hits} >= {"q1", "q2"} and hits[0]["entity_id"] == "t-1"
    assert client.get(job["status_url"], headers=people["ines"].auth).status_code == 404  # not her job
    assert client.get(job["status_url"], headers=people["ada"].auth).status_code == 200
    assert client.get("/api/screen/batch", headers=people["ana"].auth).json()["total"] == 1


def test_batch_refusals(client, people):
    auth = people["ana"].auth
    assert client.post("/api/screen/batch", headers=auth,
                       files={"file": ("x.csv", b"id,name\n1,a\n")}).status_code == 409  # no list loaded
    load(client, people)
    wrong = client.post("/api/screen/batch", headers=auth, files={"file": ("x.xlsx", b"PK\x03\x04")})
    assert wrong.status_code == 422
    columns = client.post("/api/screen/batch", headers=auth, files={"file": ("x.csv", b"who,what\n1,a\n")})
    assert columns.status_code == 422 and "missing column" in columns.json()["error"]["message"]
    assert client.post("/api/screen/batch", headers=people["vic"].auth,
                       files={"file": ("x.csv", b"id,name\n1,a\n")}).status_code == 403
    assert client.get("/api/screen/batch/nope", headers=auth).status_code == 404

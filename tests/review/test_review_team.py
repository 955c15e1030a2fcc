"""A team deployment: two `laborwatch serve` processes on one database, reviewers racing through the API.

Each server is its own process with its own connection pool, as in the documented deployment (one
PostgreSQL, several servers behind a proxy). For every claim, one reviewer accepts through server A while
another edits through server B at the same instant (sending the status they saw, as the web form does):
exactly one gets 2xx, the other 409 naming the winner, and the audit log holds one decision per claim.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from laborwatch.api import accounts
from laborwatch.review import claim_history
from laborwatch.store import Store
from tests.review.conftest import GULF_TEXT, add_claim, add_document

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def servers(store: Store, home: Path) -> Iterator[list[str]]:
    env = dict(os.environ, LABORWATCH_SECRET_KEY="team-test-key-shared-by-every-server")
    urls, procs = [], []
    for _ in range(2):
        port = _free_port()
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "laborwatch", "serve", "--port", str(port), "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        for url, proc in zip(urls, procs, strict=True):
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
                try:
                    httpx.get(url + "/api/claims", timeout=2)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"server at {url} did not start")
                    time.sleep(0.2)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


def test_two_servers_two_reviewers_one_decision_per_claim(store: Store, servers: list[str]) -> None:
    tokens = {}
    for name in ("alice", "bob"):
        accounts.add_user(store, name, "a long enough passphrase", role="analyst", actor="admin")
        tokens[name] = accounts.create_token(store, name, label="team test", actor="admin")
    doc = add_document(store, GULF_TEXT, title="Workers remain", publisher="Harbor Ledger", published="2017-09")
    words = GULF_TEXT.split()
    claims = [add_claim(store, doc, words[10 + i], "worker_count", country="QA", count=100 + i) for i in range(8)]

    outcomes: list[tuple[str, int, Any]] = []
    lock = threading.Lock()

    def act(name: str, url: str, path: str, body: dict[str, Any], barrier: threading.Barrier) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {tokens[name]}"}, timeout=60) as client:
            barrier.wait()
            response = client.post(path, json=body)
        with lock:
            outcomes.append((name, response.status_code, response.json()))

    for claim_id in claims:
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=act, args=("alice", servers[0], f"/api/claims/{claim_id}/accept", {}, barrier)),
            threading.Thread(target=act, args=("bob", servers[1], f"/api/claims/{claim_id}/edit",
                                               {"changes": {"count": 999}, "reason": "recount",
                                                "expected_status": "proposed"}, barrier)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        pair, outcomes[:] = outcomes[:], []
        codes = sorted(code for _, code, _ in pair)
        assert codes in ([200, 409], [201, 409]), pair
        winner = next(name for name, code, _ in pair if code != 409)
        conflict = next(body for _, code, body in pair if code == 409)
        assert winner in str(conflict) and claim_id[:12] in str(conflict), conflict
        with store.transaction() as s:
            decisions = [e for e in claim_history(s, claim_id) if e.action in ("claim.accept", "claim.edit")]
        first = decisions[0]
        assert first.actor == winner and first.object_id == claim_id, decisions
        assert [e.object_id for e in decisions].count(claim_id) == 1

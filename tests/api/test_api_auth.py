"""Accounts, sessions, CSRF, tokens, lockout, roles: the refusals as much as the successes."""

from __future__ import annotations

import re

from sqlalchemy import select

from laborwatch.api import accounts
from laborwatch.api.security import SESSION_COOKIE
from laborwatch.cli.main import app as cli_app
from laborwatch.store import open_store
from laborwatch.store.models import AuditEntry, User
from laborwatch.web.apidocs import operations, type_name
from tests.api.conftest import PASSWORD, login


def test_health_is_anonymous_and_everything_else_is_not(client, people):
    assert client.get("/health").json()["status"] == "ok"
    for path in ("/api/documents", "/api/claims", "/api/me", "/api/openapi.json", "/api/estimates", "/api/audit"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"]["message"].startswith("log in first")
        assert response.headers["www-authenticate"] == "Bearer"
    page = client.get("/documents", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fdocuments"
    assert client.get("/api/docs", follow_redirects=False).status_code == 401


def test_bearer_tokens(app, client, people):
    me = client.get("/api/me", headers=people["ana"].auth).json()
    assert me == {"name": "ana", "role": "analyst", "restricted_access": False, "via": "token"}
    assert client.get("/api/me", headers={"Authorization": "Bearer lw_forged"}).status_code == 401
    assert client.get("/api/me", headers={"Authorization": "Basic abc"}).status_code == 401
    store = open_store()
    assert accounts.revoke_tokens(store, "ana", actor="test") == 1
    assert client.get("/api/me", headers=people["ana"].auth).status_code == 200  # remembered for a few seconds
    app.state.auth_cache.clear()  # as if AUTH_CACHE_SECONDS had passed
    assert client.get("/api/me", headers=people["ana"].auth).status_code == 401


def test_login_sets_a_safe_cookie_and_csrf_guards_changes(client, people):
    csrf = login(client, "ana")
    cookie = next(h for h in client.cookies.jar if h.name == SESSION_COOKIE)
    assert cookie.has_nonstandard_attr("HttpOnly")
    set_cookie = [v for k, v in client.get("/login").headers.multi_items() if k == "set-cookie"]
    assert set_cookie  # the login page sets its own double-submit cookie
    assert client.get("/api/me").json()["via"] == "session"
    files = {"file": ("note.txt", b"Some 300 North Korean workers are in Qatar.", "text/plain")}
    refused = client.post("/api/documents", files=files)
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    wrong = client.post("/api/documents", files=files, headers={"X-CSRF-Token": "not-it"})
    assert wrong.status_code == 403
    ok = client.post("/api/documents", files=files, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201, ok.text
    # A form field carries it too (how pages without JavaScript post).
    form = client.post("/api/engagements", json={"country": "QA", "kind": "demarche", "date": "2024-01-02",
                                                  "summary": "Raised the workers"}, headers={"X-CSRF-Token": csrf})
    assert form.status_code == 201


def test_login_cookie_flags(client, people):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)
    header = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in header and "SameSite=lax" in header and "Path=/" in header


def test_login_form_needs_its_csrf_token(client, people):
    client.get("/login")
    response = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": "forged"},
                           follow_redirects=False)
    assert response.status_code == 403
    assert "expired or came from another site" in response.text
    assert client.get("/api/me").status_code == 401


def test_login_refuses_wrong_password_and_locks_after_five(client, people):
    for attempt in range(5):
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post("/login", data={"name": "ana", "password": f"wrong-{attempt}", "csrf_token": token})
        assert response.status_code == 401
        assert "Wrong user name or password" in response.text
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    locked = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": token})
    assert locked.status_code == 401 and "locked" in locked.text
    store = open_store()
    with store.transaction() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == "ana")).all()
    assert actions.count("login.failed") == 5
    accounts.unlock(store, "ana", actor="ada")
    login(client, "ana")


def test_unknown_user_gets_the_same_answer(client, people):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"name": "nobody", "password": "whatever-it-is", "csrf_token": token})
    assert response.status_code == 401 and "Wrong user name or password" in response.text


def test_login_never_redirects_off_site(client, people):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        page = client.get("/login", params={"next": target})
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": token,
                                               "next": target}, follow_redirects=False)
        assert response.headers["location"] == "/"


def test_forged_or_tampered_session_cookie_is_refused(client, people):
    login(client, "vic")
    value = client.cookies.get(SESSION_COOKIE)
    payload, signature = value.rsplit(".", 1)
    client.cookies.set(SESSION_COOKIE, payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:])
    assert client.get("/api/me").status_code == 401


def test_logout_needs_csrf_and_ends_the_session(client, people):
    csrf = login(client, "vic")
    assert client.post("/logout", follow_redirects=False).status_code == 403  # a forged logout is refused
    assert client.get("/api/me").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/api/me").status_code == 401


def test_roles(client, people):
    files = {"file": ("note.txt", b"About 200 workers were sent to Laos.", "text/plain")}
    viewer = client.post("/api/documents", files=files, headers=people["vic"].auth)
    assert viewer.status_code == 403
    assert viewer.json()["error"]["message"] == "this needs the analyst role; vic is a viewer"
    assert client.get("/api/users", headers=people["ana"].auth).status_code == 403
    assert client.get("/api/audit", headers=people["ana"].auth).status_code == 403
    users = client.get("/api/users", headers=people["ada"].auth).json()
    assert [u["name"] for u in users["items"]] == ["ada", "ana", "ines", "vic"]


def test_admin_creates_users_and_reads_the_audit_log(client, people):
    made = client.post("/api/users", headers=people["ada"].auth,
                       json={"name": "bo", "password": "long enough pw", "role": "viewer"})
    assert made.status_code == 201 and made.json()["role"] == "viewer"
    again = client.post("/api/users", headers=people["ada"].auth,
                        json={"name": "bo", "password": "long enough pw", "role": "viewer"})
    assert again.status_code == 422 and "already exists" in again.json()["error"]["message"]
    bad = client.post("/api/users", headers=people["ada"].auth, json={"name": "cy", "password": "x", "role": "god"})
    assert bad.status_code == 422
    log = client.get("/api/audit", headers=people["ada"].auth, params={"action": "user.add", "limit": 2}).json()
    assert log["total"] == 1 and log["next_offset"] is None
    assert log["items"][0]["object_id"] == "bo" and log["items"][0]["actor"] == "ada"


def test_openapi_and_docs_are_served_from_here(client, people):
    spec = client.get("/api/openapi.json", headers=people["vic"].auth).json()
    for path in ("/api/documents", "/api/claims/{claim_id}/accept", "/api/reports", "/api/estimates"):
        assert path in spec["paths"], path
    login(client, "vic")
    page = client.get("/api/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith(("/", "#")) for s in sources), sources  # nothing from elsewhere
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # the reference is built from the same document: every operation and schema is on the page
    for path in spec["paths"]:
        assert f"{path}</code>" in page.text.replace("&#39;", "'"), path
    assert "<code>POST /api/claims/{claim_id}/accept</code>" in page.text
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in page.text, name


def test_api_reference_types_read_as_written() -> None:
    assert type_name({"type": "array", "items": {"$ref": "#/components/schemas/Claim"}}) == "list[Claim]"
    assert type_name({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string | null"
    assert type_name({"type": "string", "format": "date"}) == "string (date)"
    ok = {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
    groups = operations({"paths": {"/x/{id}": {"get": {
        "tags": ["things"], "summary": "One thing", "responses": {"200": ok},
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]}}}})
    op = groups["things"][0]
    assert (op.method, op.anchor, op.parameters[0].type, op.responses[0]) == (
        "GET", "GET-x--id", "integer", ("200", "OK", "object (application/json)"))


def test_users_cli_reads_the_password_from_stdin(cli, home):
    result = cli.invoke(cli_app, ["users", "add", "zoe", "--role", "analyst", "--restricted-access"],
                        input="a long password here\n")
    assert result.exit_code == 0, result.output
    with open_store().transaction() as session:
        user = session.scalar(select(User).where(User.name == "zoe"))
        assert user.role == "analyst" and user.restricted_access
        assert user.password_hash.startswith("$argon2id$") and "a long password" not in user.password_hash
    short = cli.invoke(cli_app, ["users", "add", "yan", "--role", "viewer"], input="short\n")
    assert short.exit_code != 0 and "too short" in short.output
    role = cli.invoke(cli_app, ["users", "add", "yan", "--role", "boss"], input="long enough password\n")
    assert role.exit_code != 0 and "--role must be one of" in role.output
    token = cli.invoke(cli_app, ["users", "token", "zoe", "--label", "nightly"])
    assert token.exit_code == 0 and token.output.strip().startswith("lw_")
    assert accounts.principal_for_token(open_store(), token.output.strip()).name == "zoe"
    missing = cli.invoke(cli_app, ["users", "token", "nobody"])
    assert missing.exit_code != 0 and "no user named 'nobody'" in missing.output
    listing = cli.invoke(cli_app, ["users", "list"])
    assert "zoe" in listing.output and "analyst" in listing.output
    assert cli.invoke(cli_app, ["users", "password", "zoe"], input="another long one\n").exit_code == 0
    assert accounts.authenticate(open_store(), "zoe", "another long one").name == "zoe"
    assert cli.invoke(cli_app, ["users", "unlock", "zoe"]).exit_code == 0

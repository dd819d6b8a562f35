"""The staff pages over HTTP: cookies, CSRF on every form, no state change through GET, roles, redirects."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from app.settings import Environment, Settings
from staff.auth import CookiePolicy, StaffAuth, build_staff
from staff.identity import Role, StaffIdentity, get_current_staff
from tests.staff.factories import PASSWORD, add_account, form_token, make_app, sign_in

pytestmark = pytest.mark.unit


class TestSignInPage:
    def test_sign_in_sets_a_safe_session_cookie(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "anna")
        response = sign_in(client, "anna")
        assert response.status_code == 303 and response.headers["location"] == "/staff/"
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("kc_staff="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # development runs on plain http
        page = client.get("/staff/")
        assert page.status_code == 200 and "Välkommen, Anna" in page.text
        assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"

    def test_outside_development_the_cookie_is_secure_and_host_prefixed(self, auth: StaffAuth) -> None:
        add_account(auth, "anna")
        secure = StaffAuth(service=auth.service, database=auth.database, cookies=CookiePolicy(secure=True))
        client = TestClient(make_app(secure), base_url="https://testserver")
        response = sign_in(client, "anna")
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("__Host-kc_staff="))
        assert "Secure" in cookie and "HttpOnly" in cookie and "Domain" not in cookie

    def test_build_staff_follows_the_environment(self, staff_db, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
        development = build_staff(Settings(var_dir=tmp_path), staff_db, clock)
        production = build_staff(
            Settings(var_dir=tmp_path, environment=Environment.PRODUCTION, secret_key="s3cret"), staff_db, clock
        )
        assert not development.cookies.secure and production.cookies.secure
        assert "stockholm_direkt" in development.service.known_groups
        assert development.service.group_names["forskola"] == "Förskola"

    def test_wrong_password_shows_the_form_again(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "anna")
        response = sign_in(client, "anna", password="fel lösenord igen")
        assert response.status_code == 401
        assert "Fel användarnamn eller lösenord" in response.text and 'value="anna"' in response.text

    def test_a_forged_sign_in_without_the_form_token_is_refused(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "anna")
        response = client.post("/staff/login", data={"username": "anna", "password": PASSWORD}, follow_redirects=False)
        assert response.status_code == 403
        assert "kc_staff=" not in " ".join(response.headers.get_list("set-cookie"))

    def test_rate_limited_after_five_failures(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "anna")
        for _ in range(5):
            assert sign_in(client, "anna", password="gissning gissning").status_code == 401
        locked = sign_in(client, "anna")
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        assert "För många inloggningsförsök" in locked.text

    @pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
    def test_no_open_redirect(self, auth: StaffAuth, client: TestClient, target: str) -> None:
        add_account(auth, "anna")
        assert sign_in(client, "anna", next=target).headers["location"] == "/staff/"

    def test_pages_redirect_to_sign_in_and_back(self, auth: StaffAuth, client: TestClient) -> None:
        response = client.get("/staff/admin/accounts", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/staff/login?next=/staff/admin/accounts"
        add_account(auth, "admin", roles=[Role.ADMIN], groups=[])
        assert sign_in(client, "admin", next="/staff/admin/accounts").headers["location"] == "/staff/admin/accounts"


class TestSignOut:
    def test_sign_out_needs_post_and_the_token(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "anna")
        sign_in(client, "anna")
        assert client.get("/staff/logout").status_code == 405  # no state change through GET
        assert client.post("/staff/logout", follow_redirects=False).status_code == 403
        token = form_token(client.get("/staff/").text)
        response = client.post("/staff/logout", data={"csrf_token": token}, follow_redirects=False)
        assert response.headers["location"] == "/staff/login?signed_out=1"
        assert client.get("/staff/", follow_redirects=False).status_code == 303


class TestAdminPage:
    def test_admin_creates_an_account(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "admin", roles=[Role.ADMIN], groups=[])
        sign_in(client, "admin")
        page = client.get("/staff/admin/accounts")
        assert page.status_code == 200 and "Skapa konto" in page.text
        response = client.post(
            "/staff/admin/accounts",
            data={
                "csrf_token": form_token(page.text),
                "username": "mikko.v",
                "display_name": "Mikko Virtanen",
                "password": "ett långt lösenord",
                "roles": ["officer"],
                "answer_groups": ["parkering"],
                "languages": "sv, en, fi",
            },  # fmt: skip
            follow_redirects=False,
        )
        assert response.status_code == 303
        listing = client.get(response.headers["location"]).text
        assert (
            "Kontot mikko.v är skapat" in listing
            and "Mikko Virtanen" in listing
            and "en, fi, sv" in listing
            and "Parkeringstillstånd och fordon" in listing
        )

    def test_a_forged_post_without_the_token_changes_nothing(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "admin", roles=[Role.ADMIN], groups=[])
        sign_in(client, "admin")
        forged = {"username": "mallory", "display_name": "M", "password": "x" * 20, "roles": ["admin"]}
        assert client.post("/staff/admin/accounts", data=forged, follow_redirects=False).status_code == 403
        assert client.post("/staff/admin/accounts", data=forged | {"csrf_token": "guess"}).status_code == 403
        with auth.database.transaction() as session:
            assert [a.username for a in auth.service.list_accounts(session=session)] == ["admin"]

    def test_form_errors_are_shown_with_the_form_kept(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "admin", roles=[Role.ADMIN], groups=[])
        sign_in(client, "admin")
        token = form_token(client.get("/staff/admin/accounts").text)
        response = client.post(
            "/staff/admin/accounts",
            data={
                "csrf_token": token,
                "username": "anna",
                "display_name": "Anna",
                "password": "kort",
                "roles": ["officer"],
                "answer_groups": ["forskola"],
            },  # fmt: skip
        )
        assert response.status_code == 422 and "minst 12 tecken" in response.text and 'value="anna"' in response.text

    def test_deactivate_ends_the_sessions_of_the_account(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "admin", roles=[Role.ADMIN], groups=[])
        anna = add_account(auth, "anna")
        anna_client = TestClient(client.app)
        sign_in(anna_client, "anna")
        assert anna_client.get("/staff/").status_code == 200
        sign_in(client, "admin")
        token = form_token(client.get(f"/staff/admin/accounts/{anna.id}").text)
        response = client.post(f"/staff/admin/accounts/{anna.id}/active", data={"csrf_token": token, "active": "false"})
        assert "Kontot är inaktiverat" in response.text
        assert anna_client.get("/staff/", follow_redirects=False).status_code == 303

    def test_only_admins(self, auth: StaffAuth, client: TestClient) -> None:
        add_account(auth, "anna")
        sign_in(client, "anna")
        page = client.get("/staff/admin/accounts")
        assert page.status_code == 403 and "behörigheten administratör" in page.text
        token = form_token(client.get("/staff/").text)
        assert client.post("/staff/admin/accounts", data={"csrf_token": token}).status_code == 403


class TestJsonCalls:
    """Domain JSON routes that depend on get_current_staff get CSRF checking from identify()."""

    @pytest.fixture
    def json_client(self, auth: StaffAuth) -> TestClient:
        router = APIRouter()

        @router.post("/api/test/echo")
        def echo(staff: Annotated[StaffIdentity, Depends(get_current_staff)]) -> dict[str, str]:
            return {"username": staff.username}

        return TestClient(make_app(auth, router))

    def test_header_token_required(self, auth: StaffAuth, json_client: TestClient) -> None:
        add_account(auth, "anna", languages=["sv", "fi"])
        assert json_client.post("/api/test/echo").status_code == 401
        sign_in(json_client, "anna")
        me = json_client.get("/api/staff/me").json()
        assert me["username"] == "anna" and me["languages"] == ["fi", "sv"] and me["roles"] == ["officer"]
        assert json_client.post("/api/test/echo").status_code == 403
        assert json_client.post("/api/test/echo", headers={"X-CSRF-Token": "wrong"}).status_code == 403
        ok = json_client.post("/api/test/echo", headers={"X-CSRF-Token": me["csrf_token"]})
        assert ok.status_code == 200 and ok.json() == {"username": "anna"}

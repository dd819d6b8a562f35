"""Staff sign-in and the admin page in a real browser: real accounts, CSRF, rate limit, axe, screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from playwright.sync_api import expect

from staff.auth import StaffAuth
from staff.identity import Role
from tests.e2e.conftest import assert_accessible, screenshot
from tests.staff.factories import PASSWORD, add_account, make_app, make_auth, staff_database

pytestmark = pytest.mark.e2e


@pytest.fixture
def auth(tmp_path: Path) -> StaffAuth:
    auth = make_auth(staff_database(tmp_path / "staff.db"))
    add_account(auth, "admin", roles=[Role.ADMIN], groups=[], display_name="Alva Admin", languages=["sv", "en"])
    add_account(auth, "anna.lind", groups=["forskola"], display_name="Anna Lind")
    add_account(
        auth, "mikko.virtanen", groups=["parkering"], languages=["sv", "en", "fi"], display_name="Mikko Virtanen"
    )
    return auth


@pytest.fixture
def site(serve, auth: StaffAuth) -> str:  # type: ignore[no-untyped-def]
    return serve(make_app(auth))


def sign_in(page: Any, site: str, username: str, password: str = PASSWORD, path: str = "/staff/login") -> None:
    page.goto(site + path)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


class TestSignIn:
    def test_sign_in_page_is_accessible(self, page: Any, site: str) -> None:
        page.goto(site + "/staff/login")
        expect(page.locator("html")).to_have_attribute("lang", "sv")
        screenshot(page, "staff-sign-in")
        assert_accessible(page)

    def test_sign_in_with_a_real_account_and_out_again(self, page: Any, site: str) -> None:
        sign_in(page, site, "anna.lind")
        expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Anna Lind")
        menu = page.get_by_role("navigation", name="Huvudmeny")
        expect(menu.get_by_role("link", name="Ärenden")).to_be_visible()
        expect(menu.get_by_role("link", name="Konton")).to_have_count(0)
        cookie = next(c for c in page.context.cookies() if c["name"] == "kc_staff")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert page.evaluate("document.cookie").find("kc_staff") == -1  # not readable by scripts
        assert_accessible(page)
        page.get_by_role("button", name="Logga ut").click()
        expect(page.get_by_role("status")).to_contain_text("Du är utloggad")
        page.goto(site + "/staff/")
        expect(page).to_have_url(site + "/staff/login?next=/staff/")

    def test_skip_link_and_visible_focus_with_the_keyboard(self, page: Any, site: str) -> None:
        page.goto(site + "/staff/login")
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
        expect(skip).to_be_focused()
        assert skip.bounding_box()["y"] >= 0  # shown when focused
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
        page.keyboard.press("Tab")
        style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert style == "solid"

    def test_rate_limited_after_five_failed_attempts(self, page: Any, site: str) -> None:
        for attempt in range(5):
            sign_in(page, site, "anna.lind", password=f"fel lösenord {attempt}")
            expect(page.get_by_role("alert")).to_contain_text("Fel användarnamn eller lösenord")
        sign_in(page, site, "anna.lind")  # even the right password waits now
        expect(page.get_by_role("alert")).to_contain_text("För många inloggningsförsök")
        screenshot(page, "staff-sign-in-locked")
        assert_accessible(page)


class TestCsrf:
    def test_a_forged_post_from_another_site_is_refused(self, page: Any, site: str, serve, auth: StaffAuth) -> None:  # type: ignore[no-untyped-def]
        """127.0.0.1 on another port is the same *site*, so SameSite=Lax still sends the cookie: the token stops it."""
        attacker = FastAPI()
        forged = f"""<!doctype html><html lang="en"><title>Win a prize</title><body>
            <form id="f" method="post" action="{site}/staff/admin/accounts">
              <input name="username" value="mallory"><input name="display_name" value="Mallory">
              <input name="password" value="mallory-password-123"><input name="roles" value="admin">
            </form><script>document.getElementById('f').submit()</script></body></html>"""
        attacker.add_api_route("/", lambda: HTMLResponse(forged), methods=["GET"])
        evil = serve(attacker)

        sign_in(page, site, "admin")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
        with page.expect_response(f"{site}/staff/admin/accounts") as forged_post:
            page.goto(evil + "/")
        assert forged_post.value.status == 403
        with auth.database.transaction() as session:
            assert "mallory" not in {a.username for a in auth.service.list_accounts(session=session)}


class TestAdminPage:
    def test_admin_creates_edits_and_deactivates_an_account(self, page: Any, site: str) -> None:
        sign_in(page, site, "admin", path="/staff/login?next=/staff/admin/accounts")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Konton")
        assert_accessible(page)

        page.get_by_label("Användarnamn").fill("sara.ek")
        page.locator("#new-display_name").fill("Sara Ek")
        page.get_by_label("Redaktör").check()
        page.get_by_label("Språk").fill("sv, en")
        page.get_by_label("Första lösenord").fill("kort")
        page.get_by_role("button", name="Skapa konto").click()
        expect(page.get_by_role("alert")).to_contain_text("minst 12 tecken")
        expect(page.get_by_role("alert")).to_be_focused()
        assert_accessible(page)
        page.get_by_label("Första lösenord").fill("ett långt och bra lösenord")
        page.get_by_role("button", name="Skapa konto").click()
        expect(page.get_by_role("status")).to_contain_text("Kontot sara.ek är skapat")
        screenshot(page, "staff-admin-accounts")

        page.get_by_role("link", name="Ändra anna.lind").click()
        page.get_by_label("Avfall och sophämtning").check()
        page.get_by_role("button", name="Spara ändringar").click()
        expect(page.get_by_role("status")).to_contain_text("Ändringarna är sparade")
        assert_accessible(page)
        screenshot(page, "staff-admin-account")
        page.get_by_role("button", name="Inaktivera anna.lind").click()
        expect(page.get_by_role("status")).to_contain_text("Kontot är inaktiverat")

    def test_admin_page_reflows_at_320_px(self, browser: Any, site: str) -> None:
        context = browser.new_context(viewport={"width": 320, "height": 700}, locale="sv-SE")
        page = context.new_page()
        try:
            sign_in(page, site, "admin", path="/staff/login?next=/staff/admin/accounts")
            expect(page.get_by_role("heading", level=1)).to_contain_text("Konton")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            screenshot(page, "staff-admin-320px", full_page=False)
            assert_accessible(page)
        finally:
            context.close()

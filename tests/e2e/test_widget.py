"""The citizen widget in a real browser: what it says on opening, keyboard use, memory, the 503 contact form, axe.

These tests run the widget against ChatStandIn, a tiny in-test stand-in for
POST /api/chat, so that rendering and keyboard behaviour are tested
precisely. The real chat (Rasa, knowledge base, handover) is tested end to
end through this same widget by the lead's full-stack tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.stand_in import CASE_REFERENCE, CONTACT_REFERENCE, ChatStandIn
from tests.staff.factories import make_app, make_auth, staff_database

pytestmark = pytest.mark.e2e


@pytest.fixture
def stand_in() -> ChatStandIn:
    return ChatStandIn()


@pytest.fixture
def site(serve, stand_in: ChatStandIn, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    auth = make_auth(staff_database(tmp_path / "staff.db"))
    return serve(make_app(auth, stand_in.router))


@pytest.fixture
def demo(page: Any, site: str) -> Iterator[Any]:
    page.goto(site + "/")
    expect(page.locator(".kcc-launcher")).to_be_visible()
    yield page


def launcher(page: Any) -> Any:
    return page.get_by_role("button", name="Chatta med oss")


def ask(page: Any, text: str) -> None:
    page.locator("#kcc-input").fill(text)
    page.keyboard.press("Enter")


def tab_to(page: Any, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching selector has focus (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with Tab")


class TestOpening:
    def test_says_it_is_a_digital_assistant_with_privacy_note_and_crisis_message(
        self, demo: Any, stand_in: ChatStandIn
    ) -> None:
        stand_in.notice = "Stormen: sophämtningen i Bromma är försenad."
        screenshot(demo, "demo-page")
        launcher(demo).click()
        dialog = demo.get_by_role("dialog", name="Digital assistent")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("digital assistent som drivs av AI, inte med en människa")
        expect(dialog).to_contain_text("Skriv inte personnummer eller andra känsliga uppgifter")
        expect(dialog).to_contain_text("förskola")
        expect(demo.locator(".kcc-crisis")).to_contain_text("Stormen: sophämtningen i Bromma är försenad.")
        expect(demo.locator("#kcc-input")).to_be_focused()
        expect(launcher(demo)).to_have_attribute("aria-expanded", "true")
        screenshot(demo, "widget-open", full_page=False)

    def test_no_crisis_message_when_there_is_none(self, demo: Any) -> None:
        launcher(demo).click()
        expect(demo.locator("#kcc-input")).to_be_focused()
        demo.wait_for_load_state("networkidle")
        expect(demo.locator(".kcc-crisis")).to_be_hidden()


class TestKeyboardOnly:
    def test_open_type_send_choose_and_close_with_the_keyboard(self, demo: Any, stand_in: ChatStandIn) -> None:
        tab_to(demo, ".kcc-launcher")
        demo.keyboard.press("Enter")
        expect(demo.locator("#kcc-input")).to_be_focused()
        demo.keyboard.type("Hur söker jag förskoleplats?")
        demo.keyboard.press("Enter")

        log = demo.get_by_role("log")
        expect(log).to_have_attribute("aria-live", "polite")
        expect(log.locator(".kcc-bot").first).to_contain_text("fyra månader")
        expect(log.get_by_role("link", name="Ansök om förskoleplats")).to_have_attribute("target", "_blank")
        feedback = log.get_by_role("group", name="Fick du svar på din fråga?")
        expect(feedback.get_by_role("button")).to_have_count(2)
        assert stand_in.chat_requests[-1]["text"] == "Hur söker jag förskoleplats?"

        tab_to(demo, ".kcc-choice")  # "Ja"
        demo.keyboard.press("Enter")
        expect(log.locator(".kcc-bot").last).to_contain_text("Vad bra!")
        assert stand_in.chat_requests[-1]["text"] == "/affirm"
        expect(log.locator(".kcc-user").last).to_have_text("Du: Ja")
        expect(demo.locator("#kcc-input")).to_be_focused()

        demo.keyboard.press("Escape")
        expect(demo.get_by_role("dialog")).to_be_hidden()
        expect(demo.locator(".kcc-launcher")).to_be_focused()
        expect(demo.locator(".kcc-launcher")).to_have_attribute("aria-expanded", "false")

    def test_shows_when_the_bot_is_working(self, demo: Any, stand_in: ChatStandIn) -> None:
        demo.route("**/api/chat", lambda route: (demo.wait_for_timeout(600), route.continue_()))
        launcher(demo).click()
        ask(demo, "förskola")
        expect(demo.get_by_role("status")).to_have_text("Assistenten skriver …")
        expect(demo.get_by_role("log").locator(".kcc-bot").first).to_be_visible()
        expect(demo.get_by_role("status")).to_have_text("")


class TestMessages:
    def test_each_message_carries_the_language_of_the_answer(self, demo: Any) -> None:
        launcher(demo).click()
        ask(demo, "How do I apply for preschool?")
        answer = demo.locator(".kcc-bot").first
        expect(answer).to_have_attribute("lang", "en")
        expect(answer).to_contain_text("four months")

    def test_case_reference_is_shown(self, demo: Any) -> None:
        launcher(demo).click()
        ask(demo, "jag vill prata med en människa")
        expect(demo.locator(".kcc-case")).to_contain_text(CASE_REFERENCE)
        expect(demo.locator(".kcc-case")).to_contain_text("Ditt ärendenummer")

    def test_remembers_the_conversation_across_page_loads(self, demo: Any, stand_in: ChatStandIn) -> None:
        launcher(demo).click()
        ask(demo, "förskola")
        expect(demo.locator(".kcc-bot")).to_have_count(2)
        demo.get_by_role("link", name="Tillgänglighetsredogörelse").click()
        expect(demo.get_by_role("button", name="Fortsätt chatten")).to_be_visible()
        demo.get_by_role("button", name="Fortsätt chatten").click()
        expect(demo.locator(".kcc-bot")).to_have_count(2)
        ask(demo, "/affirm")
        expect(demo.locator(".kcc-bot")).to_have_count(3)
        assert len({request["session_id"] for request in stand_in.chat_requests}) == 1

    def test_start_over_forgets_the_conversation(self, demo: Any, stand_in: ChatStandIn) -> None:
        launcher(demo).click()
        ask(demo, "förskola")
        expect(demo.locator(".kcc-bot")).to_have_count(2)
        demo.get_by_role("button", name="Börja om").click()
        expect(demo.locator(".kcc-msg")).to_have_count(0)
        ask(demo, "förskola")
        expect(demo.locator(".kcc-bot")).to_have_count(2)
        assert len({request["session_id"] for request in stand_in.chat_requests}) == 2


class TestContactFormWhenTheChatIsDown:
    def test_503_offers_a_contact_form_that_creates_a_case(self, demo: Any, stand_in: ChatStandIn) -> None:
        stand_in.down = True
        launcher(demo).click()
        ask(demo, "Min son har inte fått någon förskoleplats")
        form = demo.locator("form.kcc-contact")
        expect(form).to_be_visible()
        expect(demo.locator(".kcc-system")).to_contain_text("Chatten fungerar inte just nu")
        expect(demo.get_by_label("Din fråga", exact=True)).to_have_value("Min son har inte fått någon förskoleplats")
        expect(demo.get_by_label("Namn (frivilligt)")).to_be_focused()

        form.get_by_role("button", name="Skicka frågan").click()
        errors = form.get_by_role("alert")
        expect(errors).to_contain_text("Ange hur vi når dig.")
        expect(errors).to_contain_text("Kryssa i rutan om samtycke")
        expect(demo.get_by_label("Telefonnummer")).to_be_focused()

        demo.get_by_label("Sms").check()
        demo.get_by_label("Mobilnummer").fill("070")
        demo.get_by_label("Jag samtycker").check()
        screenshot(demo, "widget-contact-form", full_page=False)
        form.get_by_role("button", name="Skicka frågan").click()
        expect(errors).to_contain_text("Telefonnumret gick inte att känna igen.")

        demo.get_by_label("Mobilnummer").fill("070-123 45 67")
        demo.get_by_label("Namn (frivilligt)").fill("Eva")
        form.get_by_role("button", name="Skicka frågan").click()
        expect(demo.locator(".kcc-case")).to_contain_text(CONTACT_REFERENCE)
        expect(form).to_be_hidden()

        sent = stand_in.contact_requests[-1]
        assert sent["summary"] == "Min son har inte fått någon förskoleplats"
        assert sent["contact_method"] == "sms" and sent["contact_value"] == "070-123 45 67"
        assert sent["contact_name"] == "Eva" and sent["consent_given"] is True
        assert sent["transcript"][0]["who"] == "citizen" and sent["language"] == "sv"
        assert sent["idempotency_key"] == stand_in.contact_requests[0]["idempotency_key"]  # a retry is the same case
        assert len(sent["idempotency_key"]) >= 8


class TestAccessibility:
    def test_demo_page_with_the_widget_closed(self, demo: Any) -> None:
        assert_accessible(demo)

    def test_widget_open_mid_conversation(self, demo: Any, stand_in: ChatStandIn) -> None:
        stand_in.notice = "Stormen: sophämtningen i Bromma är försenad."
        launcher(demo).click()
        ask(demo, "förskola")
        expect(demo.locator(".kcc-choice")).to_have_count(2)
        ask(demo, "jag vill prata med en människa")
        expect(demo.locator(".kcc-case")).to_be_visible()
        expect(demo.locator(".kcc-crisis")).to_be_visible()
        screenshot(demo, "widget-conversation", full_page=False)
        assert_accessible(demo)

    def test_widget_contact_form_with_errors(self, demo: Any, stand_in: ChatStandIn) -> None:
        stand_in.down = True
        launcher(demo).click()
        ask(demo, "trasig")
        demo.locator("form.kcc-contact").get_by_role("button", name="Skicka frågan").click()
        expect(demo.locator(".kcc-errors")).to_be_visible()
        assert_accessible(demo)

    def test_english_widget(self, demo: Any) -> None:
        launcher(demo).click()
        demo.get_by_role("button", name="English").click()
        expect(demo.get_by_role("dialog", name="Digital assistant")).to_contain_text("not with a person")
        expect(demo.get_by_role("dialog")).to_have_attribute("lang", "en")
        assert_accessible(demo)

    def test_accessibility_statement(self, page: Any, site: str) -> None:
        page.goto(site + "/tillganglighet")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Tillgänglighetsredogörelse")
        for section in ("Hur tillgänglig är webbplatsen?", "Rapportera brister i webbplatsens tillgänglighet",
                        "Tillsyn", "Innehåll som inte är tillgängligt", "Hur vi testat webbplatsen"):  # fmt: skip
            expect(page.get_by_role("heading", name=section)).to_be_visible()
        expect(page.get_by_role("link", name="kontakta Digg och påtala det")).to_be_visible()
        screenshot(page, "tillganglighet")
        assert_accessible(page)

    def test_320_px_reflow_and_reduced_motion(self, browser: Any, site: str) -> None:
        context = browser.new_context(viewport={"width": 320, "height": 640}, locale="sv-SE", reduced_motion="reduce")
        page = context.new_page()
        try:
            page.goto(site + "/")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            launcher(page).click()
            ask(page, "förskola")
            expect(page.locator(".kcc-choice")).to_have_count(2)
            box = page.locator(".kcc-panel").bounding_box()
            assert box and box["width"] <= 320 and box["x"] >= 0
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert page.evaluate("getComputedStyle(document.querySelector('.kcc-working') || document.body)"
                                 ".animationName") in ("none", "")  # fmt: skip
            screenshot(page, "widget-320px", full_page=False)
            assert_accessible(page)
            page.keyboard.press("Escape")
            expect(page.locator(".kcc-launcher")).to_be_focused()
        finally:
            context.close()

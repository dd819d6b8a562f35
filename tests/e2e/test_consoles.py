"""Officer and editor consoles in a real browser, on the real product (build_product, real content and index).

No Rasa: these pages talk to the services only. Vectors of the sample
content come from the shared vector cache, so a run embeds only what changed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from app.composition import Product, build_product
from app.db import Base
from app.main import create_app
from app.model_registry import import_all_models
from app.settings import Environment, Settings
from chat.models import ChatTurn
from staff.identity import Role
from tests.e2e.conftest import assert_accessible, screenshot
from tests.staff.factories import PASSWORD, add_account
from tests.support.ports import free_port

pytestmark = pytest.mark.e2e


class Mailbox:
    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(message_from_bytes(envelope.content or b"", policy=policy.default))
        return "250 OK"


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory, mailbox: tuple[Mailbox, int]) -> Iterator[Product]:
    mp = pytest.MonkeyPatch()
    mp.setenv("HANDOVER_SMTP_PORT", str(mailbox[1]))
    mp.setenv("CONSOLE_QUEUE_REFRESH_SECONDS", "1")
    var_dir: Path = tmp_path_factory.mktemp("consoles")
    settings = Settings(environment=Environment.TEST, var_dir=var_dir, rasa_url=f"http://127.0.0.1:{free_port()}")
    product = build_product(settings)
    import_all_models()
    Base.metadata.create_all(product.database.engine)
    product.knowledge_base.import_content()
    product.knowledge_base.warm_up()
    add_account(product.staff_auth, "anna.lind", groups=["forskola"], display_name="Anna Lind")
    add_account(product.staff_auth, "mikko.virtanen", groups=["parkering"], display_name="Mikko Virtanen")
    add_account(product.staff_auth, "eva.redaktor", roles=[Role.EDITOR], groups=[], display_name="Eva Redaktör")
    try:
        yield product
    finally:
        mp.undo()


@pytest.fixture
def site(serve, product: Product) -> str:  # type: ignore[no-untyped-def]
    """The product's own app, as `make run` serves it: consoles, widget and APIs."""
    return serve(create_app(product.settings, product))


def sign_in(page: Any, site: str, username: str, path: str) -> None:
    page.goto(f"{site}/staff/login?next={path}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def open_case(product: Product, group: str, summary: str, *, email: str = "citizen@example.org") -> str:
    receipt = product.handover.create_case(
        idempotency_key=f"e2e-{group}-{time.monotonic_ns()}", summary=summary, contact_method="email",
        contact_value=email, consent_given=True, language="sv", answer_group=group,
        transcript=[{"who": "citizen", "text": summary, "at": "2026-11-24T09:00:00Z"},
                    {"who": "bot", "text": "Jag skapar ett ärende åt dig.", "at": "2026-11-24T09:00:01Z"}],
    )  # fmt: skip
    return receipt.reference


class TestOfficerConsole:
    def test_queue_case_claim_reply_reaches_smtp(self, page: Any, site: str, product: Product, mailbox) -> None:  # type: ignore[no-untyped-def]
        mine = open_case(product, "forskola", "Min son har fått plats men vi vill byta förskola, hur gör vi?")
        theirs = open_case(product, "parkering", "Jag har fått en felaktig parkeringsbot på Kungsholmen.")
        sign_in(page, site, "anna.lind", "/staff/officer")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Ärenden")
        expect(page.get_by_role("link", name=mine)).to_be_visible()
        expect(page.get_by_role("link", name=theirs)).to_have_count(0)
        screenshot(page, "officer-queue")
        assert_accessible(page)

        response = page.goto(f"{site}/staff/officer/cases/{theirs}")
        assert response is not None and response.status == 403
        expect(page.get_by_role("alert")).to_contain_text("answer group you do not serve")

        page.goto(f"{site}/staff/officer/cases/{mine}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(mine)
        expect(page.get_by_text("citizen@example.org")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Ta ärendet · Claim").click()
        expect(page.get_by_role("status")).to_contain_text("Du har tagit ärendet")
        page.get_by_label("Svar", exact=True).fill("Hej! Du byter förskola i e-tjänsten under Mina sidor.")
        page.get_by_role("button", name="Skicka svar").click()
        expect(page.get_by_role("status")).to_contain_text("utkorgen")
        expect(page.get_by_role("heading", name="Utkorg")).to_be_visible()
        page.get_by_role("textbox", name="Anteckning").fill("Ringde inte, svarade via e-post.")
        page.get_by_role("button", name="Spara anteckning").click()
        expect(page.get_by_role("status")).to_contain_text("Anteckningen är sparad")
        screenshot(page, "officer-case")
        assert_accessible(page)

        report = product.handover.deliver_pending()
        box: Mailbox = mailbox[0]
        assert any("byter förskola i e-tjänsten" in message.get_content() for message in box.received), report
        page.reload()
        expect(page.locator(".delivery-sent")).to_have_count(1)

    def test_a_new_case_appears_in_the_open_queue_without_a_reload(
        self, page: Any, site: str, product: Product
    ) -> None:
        sign_in(page, site, "anna.lind", "/staff/officer")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Ärenden")
        page.evaluate("window.loadedOnce = true")  # gone if the page were reloaded
        reference = open_case(product, "forskola", "Kan vi få plats på en förskola närmare hemmet?")
        expect(page.get_by_role("link", name=reference)).to_be_visible(timeout=10_000)
        expect(page.locator("#queue-updates")).to_contain_text("Kön är uppdaterad")
        assert page.evaluate("window.loadedOnce") is True

    def test_transfer_needs_a_reason_and_moves_the_case_away(self, page: Any, site: str, product: Product) -> None:
        reference = open_case(product, "forskola", "Fråga om parkering vid förskolan.")
        sign_in(page, site, "anna.lind", f"/staff/officer/cases/{reference}")
        page.get_by_label("Till svarsgrupp").select_option("parkering")
        page.get_by_role("button", name="Flytta ärendet").click()
        expect(page.get_by_role("alert")).to_contain_text("varför ärendet flyttas")
        assert_accessible(page)
        page.get_by_label("Anledning (krävs)").first.fill("Gäller parkeringstillstånd, inte förskola.")
        page.get_by_role("button", name="Flytta ärendet").click()
        expect(page.get_by_role("status")).to_contain_text(f"Ärendet {reference} är flyttat")
        expect(page.get_by_role("link", name=reference)).to_have_count(0)


class TestEditorConsole:
    def test_edit_preview_publish_reaches_the_bot_at_once(self, page: Any, site: str, product: Product) -> None:
        kb = product.knowledge_base
        entry_id = "avfall-hamtdag-vilken-dag"
        sign_in(page, site, "eva.redaktor", "/staff/editor")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kunskapsbank")
        screenshot(page, "editor-entries")
        assert_accessible(page)
        page.get_by_role("searchbox").fill("hämtdag")
        page.get_by_role("button", name="Sök").click()
        page.get_by_role("link", name=kb.view(entry_id, "sv").title).click()
        expect(page.get_by_label("Rubrik (svenska)")).to_have_value(kb.view(entry_id, "sv").title)
        assert_accessible(page)

        new_answer = "Sophämtningen sker på din ordinarie hämtdag, som du ser i e-tjänsten Min sophämtning (ny text)."
        page.get_by_label("Svar (svenska)").fill(new_answer)
        page.get_by_role("button", name="Spara utkast").click()
        expect(page.get_by_role("status")).to_contain_text("Utkastet är sparat")
        assert kb.view(entry_id, "sv").answer != new_answer  # a draft never reaches citizens

        page.get_by_label("Testfråga").fill("vilken dag töms soptunnan")
        page.get_by_role("button", name="Testa").click()
        expect(page.locator(".preview-result [role=status]")).to_contain_text("plats")
        screenshot(page, "editor-entry")
        assert_accessible(page)

        page.get_by_role("button", name=re.compile(r"^Publicera version")).click()
        expect(page.get_by_role("status")).to_contain_text("Publicerat")
        assert kb.view(entry_id, "sv").answer == new_answer  # at once, no restart
        decision = kb.decide("vilken dag hämtas soporna hos mig")
        assert decision.kind in ("answer", "clarify") and entry_id in [hit.entry_id for hit in decision.hits]

        page.get_by_role("link", name="Ändringar i version").first.click()
        expect(page.locator("pre.diff")).to_contain_text("(ny text)")
        page.get_by_role("button", name="Återställ och publicera").first.click()
        expect(page.get_by_role("status")).to_contain_text("publicerad igen")
        assert kb.view(entry_id, "sv").answer != new_answer

    def test_inbox_shows_a_redacted_question_and_makes_it_an_example(
        self, page: Any, site: str, product: Product
    ) -> None:
        now = datetime.now(UTC)
        with product.database.transaction() as session:
            for offset, text in enumerate(["hur gör jag med sopkärlet efter stormen, ring mig på [telefon]",
                                           "var lämnar jag trasiga cyklar"]):  # fmt: skip
                session.add(ChatTurn(session_id=f"inbox{offset}", created_at=now - timedelta(minutes=offset),
                                     text_redacted=text, lang="sv", delivered=True, action="fallback"))  # fmt: skip
        sign_in(page, site, "eva.redaktor", "/staff/editor/inbox")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Obesvarade frågor")
        expect(page.get_by_text("ring mig på [telefon]").first).to_be_visible()
        screenshot(page, "editor-inbox")
        assert_accessible(page)

        group = page.locator("section.group-card", has_text="trasiga cyklar")
        group.get_by_label("Lägg till i post").select_option("avfall-grovavfall-atervinningscentral")
        group.get_by_role("button", name="Lägg till som exempelfråga").click()
        expect(page.get_by_role("status")).to_contain_text("exempelfråga")
        expect(page.get_by_text("var lämnar jag trasiga cyklar")).to_have_count(0)
        with product.database.transaction() as session:
            from knowledge_base.service import entry_versions

            newest = entry_versions(session, entry_id="avfall-grovavfall-atervinningscentral")[-1]
            assert "var lämnar jag trasiga cyklar" in newest.content["examples"]["sv"]
            assert newest.status.value == "draft"

    def test_crisis_notice_in_the_api_and_the_widget(self, page: Any, site: str, product: Product) -> None:
        sign_in(page, site, "eva.redaktor", "/staff/editor/notices")
        page.get_by_label("Meddelande på svenska").fill("Stormen: sophämtningen i Bromma är försenad")
        page.get_by_label("Message in English").fill("Storm: waste collection in Bromma is delayed")
        page.get_by_role("button", name="Publicera").click()
        expect(page.get_by_role("status")).to_contain_text("Krismeddelandet är publicerat")
        screenshot(page, "editor-notices")
        assert_accessible(page)
        api = page.request.get(f"{site}/api/chat/notice?lang=en")
        assert api.status == 200 and api.json()["text"] == "Storm: waste collection in Bromma is delayed"

        page.goto(site + "/")
        page.get_by_role("button", name="Chatta med oss").click()
        expect(page.get_by_text("Stormen: sophämtningen i Bromma är försenad")).to_be_visible()
        screenshot(page, "widget-crisis-notice", full_page=False)

        page.goto(f"{site}/staff/editor/notices")
        page.get_by_role("button", name="Sluta visa nu").click()
        expect(page.get_by_role("status")).to_contain_text("avslutat")
        assert page.request.get(f"{site}/api/chat/notice?lang=sv").status == 404

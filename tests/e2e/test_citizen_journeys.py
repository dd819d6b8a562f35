"""A citizen's whole journey in a real browser on the whole product: widget, backend, a real Rasa server.

Nothing is stood in: the demo page's widget talks to /api/chat, Rasa decides
the dialogue with the model the test run trained, the actions answer from
the knowledge base and create the case in the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from staff.identity import Role, StaffIdentity
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_consoles import sign_in
from tests.staff.factories import add_account
from tests.support.stack import Stack, running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
REFERENCE = re.compile(r"KC-[A-Z0-9-]{6,}")
QUESTION = "hur ansöker jag om plats i förskolan för mitt barn"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    var_dir: Path = tmp_path_factory.mktemp("journeys")
    with running_stack(var_dir) as stack:
        add_account(stack.product.staff_auth, "eva.redaktor", roles=[Role.EDITOR], groups=[], display_name="Eva")
        yield stack


@pytest.fixture
def widget(page: Any, stack: Stack) -> Any:
    page.goto(stack.base_url + "/")
    page.get_by_role("button", name="Chatta med oss").click()
    expect(page.locator("#kcc-input")).to_be_focused()
    return page


def ask(page: Any, text: str) -> None:
    page.locator("#kcc-input").fill(text)
    page.keyboard.press("Enter")


def choose(page: Any, title: str) -> None:
    page.get_by_role("log").get_by_role("button", name=title, exact=True).last.click()


def bot_said(page: Any, text: str) -> None:
    expect(page.get_by_role("log").locator(".kcc-bot", has_text=text).last).to_be_visible(timeout=30_000)


def officer_of(group: str) -> StaffIdentity:
    return StaffIdentity(
        id=1, username=f"officer.{group}", display_name="Officer", roles=frozenset({Role.OFFICER}),
        answer_groups=frozenset({group}), languages=frozenset({"sv"}),
    )  # fmt: skip


def test_a_citizen_asks_and_gets_the_answer_with_its_link(widget: Any) -> None:
    ask(widget, QUESTION)
    bot_said(widget, "fyra månader")
    log = widget.get_by_role("log")
    expect(log.get_by_role("link").first).to_have_attribute("href", re.compile(r"^https?://"))
    expect(log.get_by_role("group", name="Fick du svar på din fråga?")).to_be_visible()
    screenshot(widget, "journey-answer", full_page=False)


def test_a_handover_creates_a_case_that_only_the_owning_group_sees(widget: Any, stack: Stack) -> None:
    ask(widget, QUESTION)
    bot_said(widget, "fyra månader")
    choose(widget, "Nej")
    bot_said(widget, "Förskola")
    choose(widget, "Ja, kontakta mig")
    bot_said(widget, "Hur vill du att vi kontaktar dig?")
    assert_accessible(widget)  # mid handover
    screenshot(widget, "journey-handover", full_page=False)
    choose(widget, "E-post")
    bot_said(widget, "e-postadress")
    ask(widget, "anna.svensson@example.se")
    choose(widget, "Hoppa över")
    choose(widget, "Svenska")
    choose(widget, "Ja, jag godkänner")
    choose(widget, "Det stämmer")
    choose(widget, "Ja, skicka")
    case = widget.locator(".kcc-case")
    expect(case).to_contain_text(REFERENCE, timeout=30_000)
    reference = REFERENCE.search(case.inner_text()).group(0)  # type: ignore[union-attr]
    with stack.product.database.transaction() as session:
        own = stack.product.handover.queue(session=session, staff=officer_of("forskola"))
        other = stack.product.handover.queue(session=session, staff=officer_of("parkering"))
    assert reference in [item.reference for item in own]
    assert reference not in [item.reference for item in other]


def test_an_editor_publishes_and_the_widgets_next_answer_carries_it(page: Any, widget: Any, stack: Stack) -> None:
    editor = widget.context.new_page()
    sign_in(editor, stack.base_url, "eva.redaktor", "/staff/editor/entries/forskola-ansoka-plats")
    new_answer = "Du ansöker om förskoleplats i e-tjänsten Mina sidor förskola (uppdaterad text)."
    editor.get_by_label("Svar (svenska)").fill(new_answer)
    editor.get_by_role("button", name="Spara utkast").click()
    expect(editor.get_by_role("status")).to_contain_text("Utkastet är sparat")
    editor.get_by_role("button", name=re.compile(r"^Publicera version")).click()
    expect(editor.get_by_role("status")).to_contain_text("Publicerat")

    ask(widget, QUESTION)
    bot_said(widget, "(uppdaterad text)")


def test_a_question_about_the_crisis_is_answered_by_the_crisis_message(widget: Any, stack: Stack) -> None:
    notices = stack.product.console.notices
    text = "Stormen: sophämtningen i Bromma är försenad i veckan. Vi hämtar så snart vägarna är röjda."
    with stack.product.database.transaction() as session:
        notice = notices.publish(
            session, text_sv=text, text_en="Storm: waste collection in Bromma is delayed this week.",
            ends_at=stack.product.clock.now() + timedelta(hours=6), author="eva.redaktor",
        )  # fmt: skip
    try:
        ask(widget, "varför har inte soporna hämtats i Bromma efter stormen")
        bot_said(widget, "Stormen: sophämtningen i Bromma är försenad")
    finally:
        with stack.product.database.transaction() as session:
            notices.end(session, notice_id=notice.id)

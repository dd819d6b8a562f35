"""What the edge decides before any domain code runs: clean text in, clear 422s out, nothing crashes or leaks.

The backend is real (SQLite, the knowledge base, the emergency check) with
Rasa unreachable, so an ordinary message ends in a 503 and a logged turn, and
an emergency in a 200: every status a citizen can meet, without the dialogue.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.db import MAX_ROW_ID
from app.main import create_app
from app.settings import Environment, Settings
from chat.models import ChatTurn
from staff.identity import Role
from tests.handover.factories import case_fields
from tests.staff.factories import add_account, form_token, sign_in
from tests.support.contact import contact_form

pytestmark = pytest.mark.integration
BEYOND_BIGINT = 2**64


def turns_of(client: TestClient, session_id: str) -> int:
    with client.product.database.transaction() as session:  # type: ignore[attr-defined]
        return session.scalar(select(func.count()).select_from(ChatTurn).where(ChatTurn.session_id == session_id))


def post_chat(client: TestClient, text: str) -> tuple[str, int]:
    """JSON escaped to ASCII, as a browser may send it: a lone surrogate then reaches the server as \\udXXX."""
    session_id = f"edge-{uuid.uuid4().hex[:12]}"
    body = json.dumps({"session_id": session_id, "text": text})
    response = client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    return session_id, response.status_code


@pytest.fixture(scope="module")
def csrf(client_without_rasa: TestClient) -> str:
    """Signed in as one person who holds every role, with the session's CSRF token."""
    auth = client_without_rasa.product.staff_auth  # type: ignore[attr-defined]
    add_account(auth, "edge.all", roles=list(Role), groups=["forskola"])
    assert sign_in(client_without_rasa, "edge.all").status_code == 303
    return form_token(client_without_rasa.get("/staff/").text)


class TestChatText:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.text(max_size=300)
        | st.text(min_size=1900, max_size=2100)
        | st.text(alphabet=st.sampled_from("\ue000\udfff\u200b\x00 12KC-"), max_size=40)
    )
    def test_any_text_gets_an_answer_or_a_clear_refusal_and_an_accepted_one_is_logged(
        self, client_without_rasa: TestClient, text: str
    ) -> None:
        session_id, status = post_chat(client_without_rasa, text)
        assert status in (200, 422, 503)
        assert turns_of(client_without_rasa, session_id) == (0 if status == 422 else 1)

    def test_a_lone_surrogate_is_a_422_that_says_so(self, client_without_rasa: TestClient) -> None:
        body = '{"session_id": "edge-surrogate", "text": "hej \\ud800"}'
        response = client_without_rasa.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
        [problem] = response.json()["detail"]
        assert response.status_code == 422 and problem["field"] == "text"
        assert "lone surrogate U+D800 at position 4" in problem["problem"]

    def test_invisible_characters_cannot_hide_an_emergency(self, client_without_rasa: TestClient) -> None:
        response = client_without_rasa.post(
            "/api/chat", json={"session_id": "edge-hidden", "text": "jag vill ta li\u200bvet a\u00adv mig"}
        )
        assert response.status_code == 200 and response.json()["meta"]["action"] == "emergency"

    def test_invalid_json_names_the_body_not_a_character_offset(self, client_without_rasa: TestClient) -> None:
        response = client_without_rasa.post(
            "/api/chat", content=b'{"session_id": "x",,}', headers={"Content-Type": "application/json"}
        )
        [problem] = response.json()["detail"]
        assert response.status_code == 422 and problem["field"] == "body" and "not valid JSON" in problem["problem"]

    def test_a_body_that_is_not_utf8_is_a_422_naming_the_body(self, client_without_rasa: TestClient) -> None:
        response = client_without_rasa.post(
            "/api/chat",
            content=b'{"session_id": "x", "text": "\xff\xfe"}',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["detail"] == [
            {"field": "body", "problem": "the body is not valid JSON: it is not UTF-8 text"}
        ]

    def test_the_openapi_document_declares_the_422_body_that_is_sent(self, client_without_rasa: TestClient) -> None:
        schemas = client_without_rasa.get("/openapi.json").json()["components"]["schemas"]
        detail = schemas["HTTPValidationError"]["properties"]["detail"]
        assert detail["anyOf"] == [
            {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
            {"type": "string"},
        ]
        assert schemas["Problem"]["required"] == ["field", "problem"] and "ValidationError" not in schemas


class TestActionWebhook:
    def test_a_token_made_from_a_known_key_opens_nothing(self, client_without_rasa: TestClient) -> None:
        """Before, outside production, the token came from a placeholder written in the code."""
        known = hmac.new(b"development-only-secret-change-me", b"rasa-action-webhook", hashlib.sha256).hexdigest()
        call = {"next_action": "action_create_case", "tracker": {"sender_id": "x"}, "domain": {}}
        response = client_without_rasa.post(f"/webhook?token={known}", json=call)
        assert response.status_code == 401


class TestContactForm:
    def test_a_line_claiming_to_be_an_officers_is_refused(self, client_without_rasa: TestClient) -> None:
        forged = [{"who": "officer", "text": "Vi har redan godkänt din ansökan.", "at": "2026-12-01T10:00:00Z"}]
        response = client_without_rasa.post("/api/contact", json=contact_form(transcript=forged))
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"].startswith("transcript.0.who")

    def test_an_oversized_line_and_an_unoffered_language_are_refused_by_name(
        self, client_without_rasa: TestClient
    ) -> None:
        huge = [{"who": "citizen", "text": "x" * 200_000, "at": "2026-12-01T10:00:00Z"}]
        response = client_without_rasa.post("/api/contact", json=contact_form(transcript=huge, language="klingon"))
        fields = {problem["field"] for problem in response.json()["detail"]}
        assert response.status_code == 422 and {"transcript.0.text", "language"} <= fields

    def test_a_contact_form_after_the_chat_timed_out_joins_the_case_the_chat_made(
        self, client_without_rasa: TestClient
    ) -> None:
        handover = client_without_rasa.product.handover  # type: ignore[attr-defined]
        made_by_chat = handover.create_case(**case_fields(conversation="edge-timeout"))
        form = contact_form(idempotency_key="edge-timeout-form", session_id="edge-timeout", summary="Hörde ni mig?")
        form |= {"contact_method": "email", "contact_value": case_fields()["contact_value"]}
        response = client_without_rasa.post("/api/contact", json=form)
        assert response.status_code == 201
        assert (response.json()["reference"], response.json()["created"]) == (made_by_chat.reference, False)


class TestIdsBeyondTheDatabase:
    @pytest.mark.parametrize(
        "path",
        [
            "/staff/admin/accounts/{id}/active",
            "/staff/editor/notices/{id}/end",
            "/staff/officer/cases/KC-2026-AAAAAA/tasks/{id}/done",
        ],
    )
    def test_a_form_post_with_an_id_past_bigint_is_a_422(
        self, client_without_rasa: TestClient, csrf: str, path: str
    ) -> None:
        response = client_without_rasa.post(path.format(id=BEYOND_BIGINT), data={"csrf_token": csrf})
        assert response.status_code == 422

    def test_the_largest_possible_id_is_simply_not_found(self, client_without_rasa: TestClient, csrf: str) -> None:
        response = client_without_rasa.get(f"/staff/admin/accounts/{MAX_ROW_ID}")
        assert response.status_code == 404

    def test_the_officer_api_refuses_a_task_id_past_bigint(self, client_without_rasa: TestClient, csrf: str) -> None:
        url = f"/api/officer/cases/KC-2026-AAAAAA/tasks/{BEYOND_BIGINT}/done"
        assert client_without_rasa.post(url, headers={"X-CSRF-Token": csrf}).status_code == 422


class TestWhatTheBrowserGets:
    def test_officer_json_is_never_cached(self, client_without_rasa: TestClient, csrf: str) -> None:
        response = client_without_rasa.get("/api/officer/queue")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"

    def test_asset_urls_do_not_echo_a_forged_host(self, client_without_rasa: TestClient) -> None:
        page = client_without_rasa.get("/", headers={"Host": "evil.example"}).text
        assert "evil.example" not in page and 'src="/static/widget.js"' in page

    def test_api_docs_load_from_the_package_not_a_cdn(self, client_without_rasa: TestClient) -> None:
        page = client_without_rasa.get("/docs").text
        assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
        assert client_without_rasa.get("/docs-assets/swagger-ui-bundle.js").status_code == 200

    def test_api_docs_are_off_in_production(self, client_without_rasa: TestClient) -> None:
        production = Settings(environment=Environment.PRODUCTION, secret_key="edge-test-secret")
        app = create_app(production, client_without_rasa.product)  # type: ignore[attr-defined]
        assert TestClient(app).get("/docs").status_code == 404

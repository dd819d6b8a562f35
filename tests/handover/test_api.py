"""The officer API over HTTP: authorisation per answer group, one service call per route, OpenAPI.

`get_current_staff` is overridden with a real StaffIdentity: signing in is the
staff package's job and is tested there; here what matters is what an
officer of a given group may see and do.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from app.errors import DomainError
from handover.api import router
from handover.service import HandoverService
from staff.identity import Role, StaffIdentity, get_current_staff
from tests.handover.factories import create_case, officer

pytestmark = pytest.mark.integration


class SignedIn:
    """Who the test client acts as; switch by assigning `.staff`."""

    def __init__(self, staff: StaffIdentity) -> None:
        self.staff = staff


def officer_app(service: HandoverService, signed_in: SignedIn) -> FastAPI:
    """The parts of the product's app the officer API needs: state, router, the domain-error handler."""
    app = FastAPI()
    app.state.handover = service
    app.state.database = service.database
    app.include_router(router)
    app.dependency_overrides[get_current_staff] = lambda: signed_in.staff

    @app.exception_handler(DomainError)
    async def _domain_error(_: Request, error: DomainError) -> JSONResponse:  # same mapping as app.main
        return JSONResponse({"detail": error.message}, status_code=error.status_code)

    return app


@pytest.fixture
def signed_in() -> SignedIn:
    return SignedIn(officer("forskola", id=7))


@pytest.fixture
def client(service: HandoverService, signed_in: SignedIn) -> Iterator[TestClient]:
    with TestClient(officer_app(service, signed_in)) as test_client:
        yield test_client


class TestAuthorisation:
    def test_another_groups_case_is_forbidden_for_every_route(
        self, client: TestClient, service: HandoverService, signed_in: SignedIn
    ) -> None:
        reference = create_case(service).reference
        signed_in.staff = officer("skola")
        base = f"/api/officer/cases/{reference}"
        attempts = [
            client.get(base),
            client.post(f"{base}/claim"),
            client.post(f"{base}/reply", json={"text": "hej"}),
            client.post(f"{base}/notes", json={"text": "hej"}),
            client.post(f"{base}/transfer", json={"to_group": "skola", "reason": "min nu"}),
            client.post(f"{base}/close", json={"outcome": "duplicate"}),
            client.post(f"{base}/reopen", json={"reason": "varför inte"}),
        ]
        assert [response.status_code for response in attempts] == [403] * len(attempts)
        assert "Anna" not in "".join(response.text for response in attempts)
        assert client.get("/api/officer/queue").json() == []

    def test_non_officers_are_forbidden(self, client: TestClient, signed_in: SignedIn) -> None:
        signed_in.staff = officer("forskola", roles=(Role.EDITOR,))
        assert client.get("/api/officer/queue").status_code == 403

    def test_unknown_case_is_404(self, client: TestClient) -> None:
        assert client.get("/api/officer/cases/KC-2026-NOTHERE").status_code == 404


class TestWorkingACase:
    def test_queue_claim_read_reply_note_close_reopen(self, client: TestClient, service: HandoverService) -> None:
        reference = create_case(service).reference
        queue = client.get("/api/officer/queue").json()
        assert [item["reference"] for item in queue] == [reference] and queue[0]["overdue"] is False

        claimed = client.post(f"/api/officer/cases/{reference}/claim")
        assert claimed.status_code == 200 and claimed.json()["case"]["assignee_id"] == 7
        assert client.post(f"/api/officer/cases/{reference}/claim").status_code == 409

        case = client.get(f"/api/officer/cases/{reference}").json()
        assert case["contact"]["value"] == "anna.andersson@example.se"
        assert case["transcript"][0]["text"] == "Hur söker jag förskoleplats?"

        replied = client.post(f"/api/officer/cases/{reference}/reply", json={"text": "Så här gör du."})
        assert replied.json()["case"]["status"] == "answered" and replied.json()["deliveries"][0]["status"] == "pending"
        noted = client.post(f"/api/officer/cases/{reference}/notes", json={"text": "Ringde också."})
        assert noted.json()["events"][-1]["kind"] == "note"

        closed = client.post(f"/api/officer/cases/{reference}/close", json={"outcome": "resolved"})
        assert closed.json()["case"]["status"] == "closed" and closed.json()["outcome"] == "resolved"
        assert client.post(f"/api/officer/cases/{reference}/close", json={"outcome": "resolved"}).status_code == 409
        reopened = client.post(f"/api/officer/cases/{reference}/reopen", json={"reason": "Ny fråga i samma ärende"})
        assert reopened.json()["case"]["status"] == "assigned"

    def test_transfer_needs_a_reason_and_a_real_group(self, client: TestClient, service: HandoverService) -> None:
        reference = create_case(service).reference
        url = f"/api/officer/cases/{reference}/transfer"
        assert client.post(url, json={"to_group": "skola"}).status_code == 422
        assert client.post(url, json={"to_group": "nowhere", "reason": "fel"}).status_code == 422
        moved = client.post(url, json={"to_group": "skola", "reason": "Gäller skolval"})
        assert moved.status_code == 200 and moved.json()["contact"] is None
        assert client.get(f"/api/officer/cases/{reference}").status_code == 403  # it is skola's now

    def test_close_outcomes_are_the_four_codes(self, client: TestClient, service: HandoverService) -> None:
        reference = create_case(service).reference
        assert client.post(f"/api/officer/cases/{reference}/close", json={"outcome": "solved"}).status_code == 422
        for_real = client.post(f"/api/officer/cases/{reference}/close", json={"outcome": "referred_elsewhere"})
        assert for_real.status_code == 200


def test_openapi_documents_every_route_with_a_summary(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    officer_operations = [
        operation for path, item in paths.items() if path.startswith("/api/officer") for operation in item.values()
    ]
    assert len(officer_operations) == 9
    assert all(operation.get("summary") for operation in officer_operations)

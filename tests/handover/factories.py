"""Small factories for handover tests: officers, case requests, a service wired like the app's."""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from app.clock import Clock
from app.db import Database
from app.settings import Settings
from app.taxonomy import Taxonomy
from handover.config import HandoverSettings
from handover.outbox import MessageSender
from handover.routing import TopicClassifier
from handover.schemas import CaseReceipt
from handover.service import HandoverService, build_handover
from staff.identity import Role, StaffIdentity

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_next_id = iter(range(1000, 10**6))


def officer(
    *groups: str, languages: tuple[str, ...] = ("sv",), roles: tuple[Role, ...] = (Role.OFFICER,), **overrides: Any
) -> StaffIdentity:
    """An officer of the given answer groups (default: förskola)."""
    staff_id = overrides.pop("id", next(_next_id))
    fields: dict[str, Any] = {
        "id": staff_id,
        "username": f"officer{staff_id}",
        "display_name": f"Officer {staff_id}",
        "roles": frozenset(roles),
        "answer_groups": frozenset(groups or ("forskola",)),
        "languages": frozenset(languages),
    }
    return StaffIdentity(**(fields | overrides))


def case_fields(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for HandoverService.create_case: a preschool question by e-mail."""
    fields: dict[str, Any] = {
        "idempotency_key": uuid.uuid4().hex,
        "topic": "forskola.ansoka",
        "language": "sv",
        "summary": "Hur söker jag förskoleplats? Jag har inte fått något erbjudande.",
        "transcript": [
            {"who": "citizen", "text": "Hur söker jag förskoleplats?", "at": "2026-11-24T10:00:00+01:00"},
            {"who": "bot", "text": "Du söker i e-tjänsten ...", "at": "2026-11-24T10:00:01+01:00"},
        ],
        "contact_method": "email",
        "contact_value": "anna.andersson@Example.SE",
        "contact_name": "Anna",
        "consent_given": True,
    }
    return fields | overrides


def create_case(service: HandoverService, **overrides: Any) -> CaseReceipt:
    return service.create_case(**case_fields(**overrides))


def make_service(
    database: Database,
    taxonomy: Taxonomy,
    clock: Clock,
    *,
    settings: HandoverSettings | None = None,
    classifier: TopicClassifier | None = None,
    mail_sender: MessageSender | None = None,
) -> HandoverService:
    """The service exactly as the app's composition root builds it."""
    return build_handover(
        Settings(),
        database,
        taxonomy,
        clock,
        handover_settings=settings or HandoverSettings(),
        classifier=classifier,
        mail_sender=mail_sender,
    )

"""The officer JSON API under /api/officer: HTTP in, one service call, HTTP out.

Every route needs a signed-in officer (`get_current_staff`); the service
decides what the officer may see, so an officer of another group gets a 403
from the service's NotYourGroup, mapped by the app's one error handler.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from app.deps import RowId, SessionDep, never_cached
from app.errors import RateLimited
from handover.schemas import (
    CaseDetail,
    CaseReceipt,
    CloseRequest,
    ContactForm,
    NoteRequest,
    QueueItem,
    ReopenRequest,
    ReplyRequest,
    TransferRequest,
)
from handover.service import HandoverService
from staff.identity import StaffIdentity, get_current_staff

REFERENCE_PATTERN = r"^[A-Za-z]{2}-[A-Za-z0-9-]{6,}$"


def get_handover(request: Request) -> HandoverService:
    """The service the composition root built (app.state.handover)."""
    return request.app.state.handover


HandoverDep = Annotated[HandoverService, Depends(get_handover)]
StaffDep = Annotated[StaffIdentity, Depends(get_current_staff)]
Reference = Annotated[str, Path(pattern=REFERENCE_PATTERN, description="Case reference, e.g. KC-2026-7H3KQ9XT")]

router = APIRouter(prefix="/api/officer", tags=["officer"], dependencies=[Depends(never_cached)])
ERRORS = {
    401: {"description": "Not signed in"},
    403: {"description": "Not an officer, or the case belongs to a group you do not serve"},
    404: {"description": "No such case"},
}
CONFLICT = {409: {"description": "Not allowed in the case's current status, or changed by someone else"}}


@router.get("/queue", summary="Open cases of my answer groups, overdue first, then by due time", responses=ERRORS)
def queue(
    service: HandoverDep,
    session: SessionDep,
    staff: StaffDep,
    group: Annotated[str | None, Query(description="One of my answer groups; all of them when left out")] = None,
) -> list[QueueItem]:
    return service.queue(session=session, staff=staff, group=group)


@router.get("/cases/{reference}", summary="Read a case with its conversation and contact details", responses=ERRORS)
def read_case(service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference) -> CaseDetail:
    return service.read(session=session, staff=staff, reference=reference)


@router.post("/cases/{reference}/claim", summary="Take a new case", responses=ERRORS | CONFLICT)
def claim_case(service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference) -> CaseDetail:
    return service.claim(session=session, staff=staff, reference=reference)


@router.post(
    "/cases/{reference}/reply",
    summary="Answer the citizen by the contact method they chose (through the outbox)",
    responses=ERRORS | CONFLICT,
)
def reply(
    service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference, body: ReplyRequest
) -> CaseDetail:
    return service.reply(session=session, staff=staff, reference=reference, text=body.text)


@router.post("/cases/{reference}/notes", summary="Add an internal note (never sent to the citizen)", responses=ERRORS)
def add_note(
    service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference, body: NoteRequest
) -> CaseDetail:
    return service.add_note(session=session, staff=staff, reference=reference, text=body.text)


@router.post(
    "/cases/{reference}/transfer", summary="Pass the case to another answer group, with a reason",
    responses=ERRORS | CONFLICT | {422: {"description": "Unknown or same group, or no reason"}},
)  # fmt: skip
def transfer(
    service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference, body: TransferRequest
) -> CaseDetail:
    return service.transfer(
        session=session, staff=staff, reference=reference, to_group=body.to_group, reason=body.reason
    )


@router.post("/cases/{reference}/close", summary="Close the case with an outcome code", responses=ERRORS | CONFLICT)
def close(
    service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference, body: CloseRequest
) -> CaseDetail:
    return service.close(session=session, staff=staff, reference=reference, outcome=body.outcome, comment=body.comment)


@router.post("/cases/{reference}/reopen", summary="Reopen a closed case, with a reason", responses=ERRORS | CONFLICT)
def reopen(
    service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference, body: ReopenRequest
) -> CaseDetail:
    return service.reopen(session=session, staff=staff, reference=reference, reason=body.reason)


@router.post("/cases/{reference}/tasks/{task_id}/done", summary="Mark a call or SMS task as done", responses=ERRORS)
def complete_task(
    service: HandoverDep, session: SessionDep, staff: StaffDep, reference: Reference, task_id: RowId
) -> CaseDetail:
    return service.complete_task(session=session, staff=staff, reference=reference, task_id=task_id)


public_router = APIRouter(tags=["contact"])


def limit_contact_forms(request: Request) -> None:
    """A public form that creates cases: a client may send only a few a minute."""
    client = request.client.host if request.client else "unknown"
    if not request.app.state.contact_limiter.allow(client):
        raise RateLimited("too many contact forms from this address; wait a minute and send again")


@public_router.post(
    "/api/contact",
    status_code=201,
    summary="Open a case from the contact form (when the chat cannot answer)",
    responses={
        422: {"description": "A field is missing or wrong, or consent was not given"},
        429: {"description": "Too many"},
    },
    dependencies=[Depends(limit_contact_forms)],
)
def contact(form: ContactForm, service: HandoverDep) -> CaseReceipt:
    return service.create_case(**form.model_dump(mode="json", exclude={"session_id"}), conversation=form.session_id)

"""The officer console: the queue of my answer groups and one case page with everything to work it.

Pages under /staff/officer. Routes only translate HTTP to HandoverService
calls (the same service the JSON API under /api/officer uses): every POST
carries the CSRF token and the officer role is checked (`form_identity`),
the change runs in one transaction, and the answer is a redirect back to the
page (post/redirect/get). A refused change (wrong group, wrong status, a
missing reason) renders the page again with the reason, focused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app.deps import RowId
from app.errors import DomainError
from handover.api import REFERENCE_PATTERN
from handover.models import CaseStatus, Outcome
from handover.schemas import CaseDetail, QueueItem
from handover.service import HandoverService
from staff.api import AuthDep, CsrfField, PageSession, _page, _see_other, form_identity
from staff.auth import StaffAuth
from staff.errors import RoleRequired
from staff.identity import Role, StaffIdentity
from staff.service import ActiveSession
from web.editor import ConsoleDep
from web.labels import (
    CONTACT_METHODS,
    EVENT_KINDS,
    LANGUAGES,
    OUTCOMES,
    STATUSES,
    TASK_KINDS,
    WHO,
    officer_done_messages,
)

router = APIRouter(tags=["officer pages"], include_in_schema=False)

Reference = Annotated[str, Path(pattern=REFERENCE_PATTERN)]
TEXT_MAX = 5000


def get_handover(request: Request) -> HandoverService:
    return request.app.state.handover


HandoverDep = Annotated[HandoverService, Depends(get_handover)]


def _officer(active: ActiveSession) -> StaffIdentity:
    if not active.identity.has_role(Role.OFFICER):
        raise RoleRequired(Role.OFFICER.value)
    return active.identity


def _staff_names(auth: StaffAuth, session: Session) -> dict[str, str]:
    """'staff:<id>' -> display name, for the case history."""
    return {f"staff:{account.id}": account.display_name for account in auth.service.list_accounts(session=session)}


def filter_queue(items: list[QueueItem], *, status: str | None, language: str | None) -> list[QueueItem]:
    return [
        item
        for item in items
        if (not status or (status == "overdue" and item.overdue) or item.status.value == status)
        and (not language or item.language == language)
    ]


# --- the queue ------------------------------------------------------------------------------------


@router.get("/staff/officer", summary="The officer's queue")
async def queue_page(
    request: Request,
    active: PageSession,
    service: HandoverDep,
    console: ConsoleDep,
    group: str | None = None,
    status: str | None = None,
    lang: str | None = None,
    done: str | None = None,
):
    def build():  # type: ignore[no-untyped-def]
        staff = _officer(active)
        with service.database.transaction() as session:
            everything = service.queue(session=session, staff=staff)
            shown = service.queue(session=session, staff=staff, group=group or None)
        items = filter_queue(shown, status=status or None, language=lang or None)
        return _page(
            request, "officer/queue.html", active, nav="officer",
            items=items, total=len(everything), overdue=sum(1 for item in everything if item.overdue),
            filters={"group": group or "", "status": status or "", "lang": lang or ""},
            group_choices=[(g, _group_name(service, g)) for g in sorted(staff.answer_groups)],
            language_choices=sorted({item.language for item in everything} | {"sv", "en"}),
            group_name=lambda g: _group_name(service, g), now=service.clock.now(),
            done=_queue_done(done), refresh_seconds=console.queue_refresh_seconds, **_labels(),
        )  # fmt: skip

    try:
        return await run_in_threadpool(build)
    except DomainError as error:
        return _page(request, "staff/error.html", active, status_code=error.status_code, message=error.message)


# --- one case -------------------------------------------------------------------------------------


@router.get("/staff/officer/cases/{reference}", summary="One case: conversation, contact, history, actions")
async def case_page(
    request: Request, active: PageSession, service: HandoverDep, auth: AuthDep, reference: Reference,
    done: str | None = None,
):  # fmt: skip
    return await run_in_threadpool(_case_page, request, active, service, auth, reference, done=done)


def _case_page(
    request: Request, active: ActiveSession, service: HandoverService, auth: StaffAuth, reference: str, *,
    status_code: int = 200, error: str | None = None, done: str | None = None, form: dict[str, str] | None = None,
):  # fmt: skip
    try:
        staff = _officer(active)
        with service.database.transaction() as session:
            detail = service.read(session=session, staff=staff, reference=reference)
            names = _staff_names(auth, session)
    except DomainError as problem:
        return _page(request, "staff/error.html", active, status_code=problem.status_code, message=problem.message)
    return _page(
        request, "officer/case.html", active, status_code=status_code, nav="officer",
        detail=detail, item=detail.case, error=error, form=form or {},
        done=officer_done_messages().get(done or ""), who=lambda actor: names.get(actor, WHO.get(actor, actor)),
        group_name=lambda g: _group_name(service, g),
        other_groups=[(g.id, g.name_sv) for g in service.taxonomy.groups.values() if g.id != detail.case.answer_group],
        **_labels(),
    )  # fmt: skip


async def _act(
    request: Request,
    auth: StaffAuth,
    service: HandoverService,
    reference: str,
    csrf_token: str,
    change: Callable[[Session, StaffIdentity], CaseDetail],
    *,
    done: str,
    form: dict[str, str] | None = None,
    then: str | None = None,
):
    """Run one officer action in one transaction; redirect on success, the page with the reason on refusal."""
    identity = await form_identity(request, auth, csrf_token, Role.OFFICER)

    def run() -> None:
        with service.database.transaction() as session:
            change(session, identity)

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        active = auth.current(request)
        assert active is not None
        return await run_in_threadpool(
            _case_page, request, active, service, auth, reference,
            status_code=error.status_code, error=error.message, form=form,
        )  # fmt: skip
    return _see_other(then or f"/staff/officer/cases/{reference}?done={done}")


def _required(text: str, what_sv: str, what_en: str) -> str:
    text = text.strip()
    if not text:
        raise _Missing(f"Skriv {what_sv}. / Write {what_en}.")
    if len(text) > TEXT_MAX:
        raise _Missing(f"Högst {TEXT_MAX} tecken. / At most {TEXT_MAX} characters.")
    return text


class _Missing(DomainError):
    status_code = 422


@router.post("/staff/officer/cases/{reference}/claim")
async def claim(
    request: Request, auth: AuthDep, service: HandoverDep, reference: Reference, csrf_token: CsrfField = ""
):
    return await _act(
        request, auth, service, reference, csrf_token,
        lambda session, staff: service.claim(session=session, staff=staff, reference=reference), done="claimed",
    )  # fmt: skip


@router.post("/staff/officer/cases/{reference}/reply")
async def reply(
    request: Request, auth: AuthDep, service: HandoverDep, reference: Reference, csrf_token: CsrfField = "",
    text: Annotated[str, Form()] = "",
):  # fmt: skip
    def change(session: Session, staff: StaffIdentity) -> CaseDetail:
        body = _required(text, "ett svar till invånaren", "a reply to the citizen")
        return service.reply(session=session, staff=staff, reference=reference, text=body)

    return await _act(request, auth, service, reference, csrf_token, change, done="replied", form={"reply": text})


@router.post("/staff/officer/cases/{reference}/notes")
async def add_note(
    request: Request, auth: AuthDep, service: HandoverDep, reference: Reference, csrf_token: CsrfField = "",
    text: Annotated[str, Form()] = "",
):  # fmt: skip
    def change(session: Session, staff: StaffIdentity) -> CaseDetail:
        body = _required(text, "en anteckning", "a note")
        return service.add_note(session=session, staff=staff, reference=reference, text=body)

    return await _act(request, auth, service, reference, csrf_token, change, done="noted", form={"note": text})


@router.post("/staff/officer/cases/{reference}/transfer")
async def transfer(
    request: Request, auth: AuthDep, service: HandoverDep, reference: Reference, csrf_token: CsrfField = "",
    to_group: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
):  # fmt: skip
    def change(session: Session, staff: StaffIdentity) -> CaseDetail:
        if not to_group:
            raise _Missing("Välj en svarsgrupp. / Choose an answer group.")
        why = _required(reason, "varför ärendet flyttas", "why the case moves")
        return service.transfer(session=session, staff=staff, reference=reference, to_group=to_group, reason=why)

    return await _act(
        request, auth, service, reference, csrf_token, change, done="transferred",
        form={"to_group": to_group, "reason": reason}, then=f"/staff/officer?done=transferred-{reference}",
    )  # fmt: skip


@router.post("/staff/officer/cases/{reference}/close")
async def close(
    request: Request, auth: AuthDep, service: HandoverDep, reference: Reference, csrf_token: CsrfField = "",
    outcome: Annotated[str, Form()] = "", comment: Annotated[str, Form()] = "",
):  # fmt: skip
    def change(session: Session, staff: StaffIdentity) -> CaseDetail:
        try:
            code = Outcome(outcome)
        except ValueError:
            raise _Missing("Välj ett utfall. / Choose an outcome.") from None
        return service.close(
            session=session, staff=staff, reference=reference, outcome=code, comment=comment.strip()[:1000] or None
        )

    return await _act(
        request, auth, service, reference, csrf_token, change, done="closed",
        form={"outcome": outcome, "comment": comment},
    )  # fmt: skip


@router.post("/staff/officer/cases/{reference}/reopen")
async def reopen(
    request: Request, auth: AuthDep, service: HandoverDep, reference: Reference, csrf_token: CsrfField = "",
    reason: Annotated[str, Form()] = "",
):  # fmt: skip
    def change(session: Session, staff: StaffIdentity) -> CaseDetail:
        why = _required(reason, "varför ärendet öppnas igen", "why the case is reopened")
        return service.reopen(session=session, staff=staff, reference=reference, reason=why)

    return await _act(
        request, auth, service, reference, csrf_token, change, done="reopened", form={"reopen_reason": reason}
    )


@router.post("/staff/officer/cases/{reference}/tasks/{task_id}/done")
async def complete_task(
    request: Request, auth: AuthDep, service: HandoverDep, reference: Reference, task_id: RowId,
    csrf_token: CsrfField = "",
):  # fmt: skip
    def change(session: Session, staff: StaffIdentity) -> CaseDetail:
        return service.complete_task(session=session, staff=staff, reference=reference, task_id=task_id)

    return await _act(request, auth, service, reference, csrf_token, change, done="task")


# --- helpers --------------------------------------------------------------------------------------


def _queue_done(done: str | None) -> str | None:
    if done and done.startswith("transferred-"):
        reference = done.removeprefix("transferred-")
        return f"Ärendet {reference} är flyttat till den andra gruppen. / Case {reference} was transferred."
    return officer_done_messages().get(done or "")


def _group_name(service: HandoverService, group_id: str) -> str:
    group = service.taxonomy.groups.get(group_id)
    return group.name_sv if group else group_id


def _labels() -> dict[str, Any]:
    return {
        "STATUSES": STATUSES, "OUTCOMES": OUTCOMES, "EVENT_KINDS": EVENT_KINDS, "CONTACT_METHODS": CONTACT_METHODS,
        "LANGUAGES": LANGUAGES, "TASK_KINDS": TASK_KINDS, "WHO": WHO, "CaseStatus": CaseStatus, "Outcome": Outcome,
    }  # fmt: skip

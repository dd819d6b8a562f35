"""What the knowledge base does: versioned editing, file import/export, and the KnowledgeBase facade.

Functions take the request's session and only add/flush; the caller commits.
The facade changes the in-memory index only after a commit succeeds, so a
rolled-back publish never reaches citizens and a committed one does at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.broadcast import Broadcast, NoBroadcast
from app.clock import Clock, SystemClock
from app.db import Database
from app.errors import Conflict, InvalidInput, NotFound
from app.settings import Settings
from app.taxonomy import Taxonomy
from knowledge_base import repository
from knowledge_base.config import KnowledgeBaseSettings
from knowledge_base.contract import Decision, EntryView, Link, SearchHit
from knowledge_base.embedders import Embedder, RecentQueries, create_embedder
from knowledge_base.files import read_content, write_entry
from knowledge_base.lexical import fold
from knowledge_base.models import Entry, EntryVersion, VersionStatus
from knowledge_base.policy import Policy, decide, hit
from knowledge_base.retrieval import HybridRetriever, RetrievalConfig, ScoredEntry
from knowledge_base.schemas import EntryContent, EntrySummary, describe_errors, parse_entry
from knowledge_base.vector_cache import VectorCache

IMPORT_AUTHOR = "content-import"
CONTENT_CHANNEL = "knowledge_base_content"  # where a publish is announced to the other replicas


class EntryNotFound(NotFound):
    pass


class VersionNotFound(NotFound):
    pass


class InvalidContent(InvalidInput):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return self.created + self.updated


# --- versioned editing (session in, add/flush only) -------------------------------------------------


def validate_content(raw: Any, *, taxonomy: Taxonomy, where: str = "entry") -> EntryContent:
    """Editor or file input -> EntryContent, or InvalidContent naming every field that is wrong."""
    try:
        return parse_entry(raw, taxonomy=taxonomy)
    except ValidationError as error:
        raise InvalidContent(describe_errors(error, where=where)) from error


def save_draft(session: Session, *, content: EntryContent, author: str, clock: Clock) -> EntryVersion:
    """A new draft version; citizens keep getting the published one until it is published."""
    entry = repository.get_entry(session, content.id)
    if entry is None:
        entry = Entry(id=content.id, topic=content.topic, answer_group=content.answer_group, created_at=clock.now())
        repository.add(session, entry)
    return _add_version(
        session, entry_id=content.id, content=content, status=VersionStatus.DRAFT, author=author, clock=clock
    )


def publish(session: Session, *, entry_id: str, number: int, taxonomy: Taxonomy) -> EntryContent:
    """Make one version the one citizens get; the previously published version is archived."""
    entry = _entry(session, entry_id)
    version = _version(session, entry_id, number)
    content = parse_entry(version.content, taxonomy=taxonomy)
    if entry.published_version is not None and entry.published_version.id != version.id:
        entry.published_version.status = VersionStatus.ARCHIVED
    version.status = VersionStatus.PUBLISHED
    entry.published_version_id = version.id
    entry.published_version = version
    entry.topic, entry.answer_group = content.topic, content.answer_group
    session.flush()
    return content


def unpublish(session: Session, *, entry_id: str) -> None:
    """Withdraw an entry from answers; its versions stay for a later revert."""
    entry = _entry(session, entry_id)
    if entry.published_version is None:
        raise Conflict(f"entry {entry_id} is not published")
    entry.published_version.status = VersionStatus.ARCHIVED
    entry.published_version_id = None
    entry.published_version = None
    session.flush()


def revert(
    session: Session, *, entry_id: str, number: int, author: str, clock: Clock, taxonomy: Taxonomy
) -> EntryContent:
    """Publish an old version's content again as a new version: history only ever grows."""
    old = _version(session, entry_id, number)
    content = parse_entry(old.content, taxonomy=taxonomy)
    version = _add_version(
        session, entry_id=entry_id, content=content, status=VersionStatus.DRAFT, author=author, clock=clock
    )
    return publish(session, entry_id=entry_id, number=version.number, taxonomy=taxonomy)


def list_entries(
    session: Session, *, text: str | None = None, topic: str | None = None, answer_group: str | None = None
) -> list[EntrySummary]:
    """Entries for the editor console: filter by topic, group, or words anywhere in the newest version."""
    entries = repository.find_entries(session, topic=topic, answer_group=answer_group)
    newest = repository.latest_versions(session, [entry.id for entry in entries])
    needle = fold(text.strip()) if text else ""
    return [
        _summary(entry, newest[entry.id])
        for entry in entries
        if entry.id in newest and (not needle or needle in _haystack(newest[entry.id]))
    ]


def entry_versions(session: Session, *, entry_id: str) -> list[EntryVersion]:
    _entry(session, entry_id)
    return repository.versions(session, entry_id)


def published_contents(session: Session, *, taxonomy: Taxonomy) -> list[EntryContent]:
    return [parse_entry(version.content, taxonomy=taxonomy) for version in repository.published_versions(session)]


def import_entries(session: Session, *, contents: list[EntryContent], clock: Clock, taxonomy: Taxonomy) -> ImportReport:
    """Load files into the database; a file equal to what was last imported (or is published) adds nothing.

    Comparing with the last *imported* version keeps an editor's later change
    when the sample files have not changed since.
    """
    report = ImportReport()
    for content in contents:
        entry = repository.get_entry(session, content.id)
        if entry is not None and _baseline(session, entry) == content.to_json():
            report.unchanged.append(content.id)
            continue
        (report.updated if entry else report.created).append(content.id)
        version = save_draft(session, content=content, author=IMPORT_AUTHOR, clock=clock)
        publish(session, entry_id=content.id, number=version.number, taxonomy=taxonomy)
    return report


def export_entries(session: Session, *, directory: Path, taxonomy: Taxonomy) -> list[Path]:
    """Write every published entry back to files, where `import` reads them."""
    return [write_entry(directory, content) for content in published_contents(session, taxonomy=taxonomy)]


def _baseline(session: Session, entry: Entry) -> dict[str, Any] | None:
    imported = repository.latest_by_author(session, entry.id, IMPORT_AUTHOR)
    if imported is not None:
        return imported.content
    return entry.published_version.content if entry.published_version else None


def _add_version(
    session: Session, *, entry_id: str, content: EntryContent, status: VersionStatus, author: str, clock: Clock
) -> EntryVersion:
    version = EntryVersion(
        entry_id=entry_id,
        number=repository.latest_number(session, entry_id) + 1,
        content=content.to_json(),
        status=status,
        author=author,
        created_at=clock.now(),
    )
    repository.add(session, version)
    return version


def _entry(session: Session, entry_id: str) -> Entry:
    entry = repository.get_entry(session, entry_id)
    if entry is None:
        raise EntryNotFound(f"no entry {entry_id!r}")
    return entry


def _version(session: Session, entry_id: str, number: int) -> EntryVersion:
    _entry(session, entry_id)
    version = repository.get_version(session, entry_id, number)
    if version is None:
        raise VersionNotFound(f"entry {entry_id!r} has no version {number}")
    return version


def _summary(entry: Entry, newest: EntryVersion) -> EntrySummary:
    published = entry.published_version
    return EntrySummary(
        id=entry.id,
        topic=entry.topic,
        answer_group=entry.answer_group,
        title_sv=newest.content["title"]["sv"],
        published_version=published.number if published else None,
        latest_version=newest.number,
        has_draft=newest.status is VersionStatus.DRAFT,
        last_checked=newest.content["last_checked"],
    )


def _haystack(version: EntryVersion) -> str:
    content = version.content
    parts = [version.entry_id, *content["title"].values(), *content["answer"].values()]
    parts += [example for examples in content["examples"].values() for example in examples]
    return fold(" ".join(parts))


def _on_commit(session: Session, action: Callable[[], None]) -> None:
    """Run action once the session's transaction commits; forget it if the transaction rolls back."""
    pending: list[Callable[[], None]] = session.info.setdefault("knowledge_base_on_commit", [])
    if not session.info.get("knowledge_base_listening"):
        session.info["knowledge_base_listening"] = True
        event.listen(session, "after_commit", _run_pending)
        event.listen(session, "after_rollback", lambda s: s.info.get("knowledge_base_on_commit", []).clear())
    pending.append(action)


def _run_pending(session: Session) -> None:
    pending: list[Callable[[], None]] = session.info.get("knowledge_base_on_commit", [])
    while pending:
        pending.pop(0)()


# --- the facade the chat actions and the editor console call ------------------------------------------


class KnowledgeBase:
    """Published entries, searchable; editing that reaches citizens the moment it is committed."""

    def __init__(
        self,
        *,
        database: Database,
        taxonomy: Taxonomy,
        embedder: Embedder,
        index_dir: Path,
        content_dir: Path,
        policy: Policy,
        city_site: str,
        clock: Clock | None = None,
        config: RetrievalConfig | None = None,
        vector_cache: VectorCache | None = None,
        broadcast: Broadcast | None = None,
    ) -> None:
        self._database = database
        self._broadcast = broadcast or NoBroadcast()
        self._published: dict[str, int] | None = None  # entry id -> published version id, as this index holds
        self._taxonomy = taxonomy
        self._index_dir = index_dir
        self._content_dir = content_dir
        self._policy = policy
        self._city_site = city_site.rstrip("/")
        self._clock = clock or SystemClock()
        self._retriever = HybridRetriever(embedder=embedder, config=config, vector_cache=vector_cache)
        self._vector_cache = vector_cache
        self._warm_lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        return self._retriever.embedder

    @property
    def vector_cache(self) -> VectorCache | None:
        """Where vectors of our own texts are kept (never a citizen's), for other parts that embed such texts."""
        return self._vector_cache

    # chat side

    def warm_up(self) -> None:
        """Load published entries and the index (re-embedding only if content or embedder changed)."""
        with self._warm_lock:
            with self._database.transaction() as session:
                published = repository.published_version_ids(session)
                contents = published_contents(session, taxonomy=self._taxonomy)
            self._retriever.load(contents, directory=self._index_dir)
            self._published = published

    def refresh(self) -> bool:
        """Bring the index in line with what the database says is published; True if anything changed.

        What another replica published, withdrew or reverted arrives here: its
        announcement or the periodic check (app.broadcast.Watcher) calls this.
        Cheap when nothing changed: one query of ids. Only changed entries re-embed.
        """
        if not self.is_ready():
            return False  # warm-up loads everything
        with self._warm_lock:
            with self._database.transaction() as session:
                published = repository.published_version_ids(session)
                if published == self._published:
                    return False
                contents = published_contents(session, taxonomy=self._taxonomy)
            changed = self._apply(contents)
            self._published = published
        return changed

    def _apply(self, contents: list[EntryContent]) -> bool:
        held = {content.id for content in self._retriever.contents}
        withdrawn = held - {content.id for content in contents}
        updated = [content for content in contents if self._retriever.content(content.id) != content]
        for entry_id in withdrawn:
            self._retriever.remove(entry_id, directory=self._index_dir)
        for content in updated:
            self._retriever.upsert(content, directory=self._index_dir)
        return bool(withdrawn or updated)

    def is_ready(self) -> bool:
        return self._retriever.is_ready

    def content_version(self) -> str | None:
        """A short hash of exactly the content this replica answers from: equal on every replica that is current."""
        return self._retriever.stamp.content_hash[:12] if self.is_ready() else None

    def example_questions(self) -> list[str]:
        """Every published entry's example questions: what ordinary citizens' questions look like."""
        if not self.is_ready():
            self.warm_up()
        return [question for content in self._retriever.contents for question in content.example_texts]

    def rank(self, text: str) -> list[ScoredEntry]:
        """Every published entry scored for text (dense, lexical, fused), best first."""
        if not self.is_ready():
            self.warm_up()
        return self._retriever.rank(text) if text.strip() else []

    def decide(self, text: str, *, lang: str = "sv") -> Decision:
        """Answer, clarify or fall back, with the thresholds of the question's language."""
        return decide(self.rank(text), self._policy.for_language(lang))

    def search(self, text: str, *, limit: int = 5) -> list[SearchHit]:
        return [hit(scored) for scored in self.rank(text)[:limit]]

    def view(self, entry_id: str, lang: str) -> EntryView:
        """The published text in lang, Swedish when that language is missing."""
        if not self.is_ready():
            self.warm_up()
        content = self._retriever.content(entry_id)
        if content is None:
            raise EntryNotFound(f"no published entry {entry_id!r}")
        shown = lang if lang in content.answer else "sv"
        links = [Link(link.title_in(shown), link.url.replace("{city_site}", self._city_site)) for link in content.links]
        title, answer = content.text_in("title", shown), content.text_in("answer", shown)
        return EntryView(entry_id, content.topic, content.answer_group, shown, title, answer, links)

    # editor side (the caller's session commits)

    def save_draft(self, session: Session, *, raw: Any, author: str) -> EntryVersion:
        content = validate_content(raw, taxonomy=self._taxonomy)
        return save_draft(session, content=content, author=author, clock=self._clock)

    def publish(self, session: Session, *, entry_id: str, number: int) -> EntryContent:
        content = publish(session, entry_id=entry_id, number=number, taxonomy=self._taxonomy)
        self._change_on_commit(session, lambda: self._retriever.upsert(content, directory=self._index_dir))
        return content

    def unpublish(self, session: Session, *, entry_id: str) -> None:
        unpublish(session, entry_id=entry_id)
        self._change_on_commit(session, lambda: self._retriever.remove(entry_id, directory=self._index_dir))

    def revert(self, session: Session, *, entry_id: str, number: int, author: str) -> EntryContent:
        content = revert(
            session, entry_id=entry_id, number=number, author=author, clock=self._clock, taxonomy=self._taxonomy
        )
        self._change_on_commit(session, lambda: self._retriever.upsert(content, directory=self._index_dir))
        return content

    def _change_on_commit(self, session: Session, update_index: Callable[[], None]) -> None:
        """This replica updates its index when the editor's transaction commits; the others hear of it."""
        _on_commit(session, update_index)
        self._broadcast.announce(session, CONTENT_CHANNEL)

    def list_entries(self, session: Session, **filters: str | None) -> list[EntrySummary]:
        return list_entries(session, **filters)

    # content files

    def import_content(self) -> ImportReport:
        """Load the content files (refusing a folder with problems); unchanged files add no version."""
        found = read_content(self._content_dir, taxonomy=self._taxonomy)
        if found.problems:
            raise InvalidContent(found.problems)
        with self._database.transaction() as session:
            report = import_entries(session, contents=found.entries, clock=self._clock, taxonomy=self._taxonomy)
            if report.changed:
                self._broadcast.announce(session, CONTENT_CHANNEL)
        if self.is_ready():
            for content in found.entries:
                if content.id in report.changed:
                    self._retriever.upsert(content, directory=self._index_dir)
        return report

    def export_content(self, directory: Path | None = None) -> list[Path]:
        with self._database.transaction() as session:
            return export_entries(session, directory=directory or self._content_dir, taxonomy=self._taxonomy)


def build_knowledge_base(
    *,
    settings: Settings,
    database: Database,
    taxonomy: Taxonomy,
    clock: Clock | None = None,
    broadcast: Broadcast | None = None,
) -> KnowledgeBase:
    """The knowledge base as configured: KB_EMBEDDER, the committed policy, the index under var_dir/index."""
    own = KnowledgeBaseSettings()
    return KnowledgeBase(
        database=database,
        taxonomy=taxonomy,
        embedder=RecentQueries(create_embedder(own.embedder)),
        index_dir=settings.var_dir / "index",
        content_dir=own.content_dir,
        policy=Policy.load(own.policy_path),
        city_site=settings.city_site,
        clock=clock,
        vector_cache=VectorCache(own.vector_cache_path(settings.var_dir)),
        broadcast=broadcast,
    )


def retriever_from_files(
    content_dir: Path,
    *,
    taxonomy: Taxonomy,
    embedder: Embedder,
    index_dir: Path | None = None,
    vector_cache: VectorCache | None = None,
) -> HybridRetriever:
    """A retriever straight over the content files, no database: for the CLI's --files, measuring and fitting.

    With index_dir, repeated runs over unchanged files reuse the saved index;
    with vector_cache, a changed file re-embeds only its own texts.
    """
    found = read_content(content_dir, taxonomy=taxonomy)
    retriever = HybridRetriever(embedder=embedder, vector_cache=vector_cache)
    retriever.load(found.entries, directory=index_dir)
    return retriever

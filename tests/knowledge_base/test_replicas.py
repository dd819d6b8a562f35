"""Several backend replicas answer from one database: a publish on one reaches every other within 2 s.

Each replica is a KnowledgeBase with its own index, as in its own process. On
PostgreSQL the announcement is its NOTIFY; on SQLite, Redis pub/sub (each a real
server of the test run). The periodic check is the safety net under both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.broadcast import Broadcast, NoBroadcast, Watcher, build_broadcast
from app.db import Database
from app.taxonomy import Taxonomy
from knowledge_base.service import CONTENT_CHANNEL, KnowledgeBase
from tests.knowledge_base.factories import HashingEmbedder
from tests.knowledge_base.test_service import content_folder, edited, knowledge_base

pytestmark = [pytest.mark.integration, pytest.mark.redis]
PROPAGATION_LIMIT_SECONDS = 2.0


def two_replicas(
    database: Database, taxonomy: Taxonomy, root: Path, *, announce_with: Broadcast
) -> tuple[KnowledgeBase, KnowledgeBase]:
    """Two replicas' knowledge bases, warm: the shared database and content, each its own index directory.
    The first announces its publishes with `announce_with`."""
    content_folder(root, taxonomy)
    first, second = (
        knowledge_base(database, taxonomy, root, HashingEmbedder(), index_dir=root / name, broadcast=broadcast)
        for name, broadcast in (("index-1", announce_with), ("index-2", NoBroadcast()))
    )
    first.import_content()
    first.warm_up()
    second.warm_up()
    return first, second


def eventually(condition: Callable[[], bool], *, within: float) -> float | None:
    """Seconds until condition held, or None if it did not within the limit."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if condition():
            return time.monotonic() - started
        time.sleep(0.02)
    return None


@pytest.fixture
def broadcast(database: Database, redis_url: str) -> Broadcast:
    """What the product would choose for this database: NOTIFY on PostgreSQL, Redis beside SQLite."""
    url = database.engine.url.render_as_string(hide_password=False)
    return build_broadcast(sqlalchemy_url=url, redis_url=redis_url)


@pytest.fixture
def replicas(
    database: Database, taxonomy: Taxonomy, tmp_path: Path, broadcast: Broadcast
) -> tuple[KnowledgeBase, KnowledgeBase]:
    return two_replicas(database, taxonomy, tmp_path, announce_with=broadcast)


def publish_edit(base: KnowledgeBase, database: Database, taxonomy: Taxonomy, answer: str) -> None:
    with database.transaction() as session:
        version = base.save_draft(session, raw=edited(taxonomy, answer), author="editor")
        base.publish(session, entry_id="forskola-ansoka", number=version.number)


def answer_of(base: KnowledgeBase) -> str:
    return base.view("forskola-ansoka", "sv").answer


def test_a_publish_on_one_replica_is_answered_by_another_within_two_seconds(
    replicas: tuple[KnowledgeBase, KnowledgeBase], database: Database, taxonomy: Taxonomy, broadcast: Broadcast
) -> None:
    first, second = replicas
    # A timer far beyond the limit: only the announcement can bring the change in time.
    watcher = Watcher(broadcast=broadcast, channel=CONTENT_CHANNEL, check=second.refresh, check_seconds=300)
    watcher.start()
    try:
        time.sleep(0.3)  # the listener subscribes
        publish_edit(first, database, taxonomy, "Svar publicerat på replik 1.")
        took = eventually(lambda: answer_of(second) == "Svar publicerat på replik 1.", within=PROPAGATION_LIMIT_SECONDS)
    finally:
        watcher.stop()
    assert took is not None, "replica 2 still answered with the old text after 2 s"


def test_a_withdrawn_entry_leaves_every_replica(
    replicas: tuple[KnowledgeBase, KnowledgeBase], database: Database
) -> None:
    first, second = replicas
    with database.transaction() as session:
        first.unpublish(session, entry_id="park-boende")
    assert second.refresh()
    assert "park-boende" not in {hit.entry_id for hit in second.search("boendeparkering pris")}


def test_a_revert_on_one_replica_reaches_another(
    replicas: tuple[KnowledgeBase, KnowledgeBase], database: Database, taxonomy: Taxonomy
) -> None:
    first, second = replicas
    original = answer_of(second)
    publish_edit(first, database, taxonomy, "Tillfälligt svar.")
    second.refresh()
    with database.transaction() as session:
        first.revert(session, entry_id="forskola-ansoka", number=1, author="editor")
    assert second.refresh() and answer_of(second) == original


def test_nothing_changed_means_nothing_is_reloaded(replicas: tuple[KnowledgeBase, KnowledgeBase]) -> None:
    _, second = replicas
    assert second.refresh() is False


def test_a_rolled_back_publish_reaches_no_replica(
    replicas: tuple[KnowledgeBase, KnowledgeBase], database: Database, taxonomy: Taxonomy
) -> None:
    first, second = replicas
    original = answer_of(second)
    with pytest.raises(RuntimeError), database.transaction() as session:
        version = first.save_draft(session, raw=edited(taxonomy, "Aldrig publicerat."), author="editor")
        first.publish(session, entry_id="forskola-ansoka", number=version.number)
        raise RuntimeError("the editor's request failed after the publish")
    assert second.refresh() is False and answer_of(second) == original


def test_without_any_announcement_the_periodic_check_brings_the_change(
    database: Database, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    first, second = two_replicas(database, taxonomy, tmp_path, announce_with=NoBroadcast())  # announcement lost
    watcher = Watcher(broadcast=NoBroadcast(), channel=CONTENT_CHANNEL, check=second.refresh, check_seconds=0.2)
    watcher.start()
    try:
        publish_edit(first, database, taxonomy, "Kom fram via kontrollen.")
        took = eventually(lambda: answer_of(second) == "Kom fram via kontrollen.", within=PROPAGATION_LIMIT_SECONDS)
    finally:
        watcher.stop()
    assert took is not None


def test_a_watcher_can_start_again_after_a_stop() -> None:
    """A server that runs its lifespan twice in one process (tests, a reload) watches again."""
    checks: list[float] = []
    watcher = Watcher(
        broadcast=NoBroadcast(), channel=CONTENT_CHANNEL, check=lambda: checks.append(1), check_seconds=0.1
    )
    watcher.start()
    watcher.stop()
    before = len(checks)
    watcher.start()
    try:
        assert eventually(lambda: len(checks) > before, within=PROPAGATION_LIMIT_SECONDS) is not None
    finally:
        watcher.stop()

"""Versioning and import against a real (SQLite) database: drafts stay private, publishing reaches answers at once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.broadcast import Broadcast
from app.clock import FixedClock
from app.db import Database
from app.taxonomy import Taxonomy
from knowledge_base.policy import Policy, PolicyThresholds
from knowledge_base.service import InvalidContent, KnowledgeBase, VersionNotFound, entry_versions
from tests.knowledge_base.factories import HashingEmbedder, entry_raw, write_file

pytestmark = pytest.mark.integration
TOPICS = ("forskola.ansoka", "avfall.grovavfall", "park.boende")
LENIENT = Policy.uniform(PolicyThresholds(answer_min=0.1, margin_min=0.0, clarify_min=0.1, clarify_window=0.0))


def knowledge_base(
    database: Database,
    taxonomy: Taxonomy,
    root: Path,
    embedder: HashingEmbedder,
    *,
    index_dir: Path | None = None,
    broadcast: Broadcast | None = None,
) -> KnowledgeBase:
    return KnowledgeBase(
        database=database,
        taxonomy=taxonomy,
        embedder=embedder,
        index_dir=index_dir or root / "index",
        content_dir=root / "content",
        broadcast=broadcast,
        policy=LENIENT,
        city_site="https://stad.example",
        clock=FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)),
    )


def content_folder(root: Path, taxonomy: Taxonomy, topics: tuple[str, ...] = TOPICS) -> Path:
    for topic in topics:
        write_file(root / "content", entry_raw(topic, taxonomy=taxonomy))
    return root / "content"


@pytest.fixture
def kb(kb_database: Database, taxonomy: Taxonomy, tmp_path: Path, embedder: HashingEmbedder) -> KnowledgeBase:
    content_folder(tmp_path, taxonomy)
    base = knowledge_base(kb_database, taxonomy, tmp_path, embedder)
    base.import_content()
    base.warm_up()
    return base


def edited(taxonomy: Taxonomy, answer_sv: str) -> dict:
    return entry_raw(taxonomy=taxonomy, answer={"sv": answer_sv, "en": "Edited answer."})


class TestImport:
    def test_import_publishes_every_file(self, kb: KnowledgeBase) -> None:
        assert kb.decide("boendeparkering pris").hits[0].entry_id == "park-boende"

    def test_reimporting_unchanged_files_adds_no_version(self, kb: KnowledgeBase, kb_database: Database) -> None:
        report = kb.import_content()
        assert report.changed == [] and len(report.unchanged) == 3
        with kb_database.transaction() as session:
            assert len(entry_versions(session, entry_id="forskola-ansoka")) == 1

    def test_changed_file_adds_a_published_version(self, kb: KnowledgeBase, taxonomy: Taxonomy, tmp_path: Path) -> None:
        write_file(tmp_path / "content", edited(taxonomy, "Nytt svar om förskola."))
        assert kb.import_content().updated == ["forskola-ansoka"]
        assert kb.view("forskola-ansoka", "sv").answer == "Nytt svar om förskola."

    def test_folder_with_problems_is_refused_whole(self, kb: KnowledgeBase, taxonomy: Taxonomy, tmp_path: Path) -> None:
        write_file(tmp_path / "content", entry_raw(taxonomy=taxonomy, examples={"sv": ["en"]}))
        with pytest.raises(InvalidContent, match="forskola/forskola-ansoka.yml: examples"):
            kb.import_content()

    def test_editor_change_survives_reimport_of_unchanged_files(
        self, kb: KnowledgeBase, kb_database: Database, taxonomy: Taxonomy
    ) -> None:
        with kb_database.transaction() as session:
            version = kb.save_draft(session, raw=edited(taxonomy, "Redaktörens svar."), author="editor")
            kb.publish(session, entry_id="forskola-ansoka", number=version.number)
        kb.import_content()
        assert kb.view("forskola-ansoka", "sv").answer == "Redaktörens svar."


class TestVersioning:
    def test_draft_does_not_change_answers(self, kb: KnowledgeBase, kb_database: Database, taxonomy: Taxonomy) -> None:
        with kb_database.transaction() as session:
            kb.save_draft(session, raw=edited(taxonomy, "Utkast."), author="editor")
        assert kb.view("forskola-ansoka", "sv").answer != "Utkast."

    def test_publish_changes_answers_at_once(
        self, kb: KnowledgeBase, kb_database: Database, taxonomy: Taxonomy
    ) -> None:
        raw = edited(taxonomy, "Publicerat svar.") | {
            "examples": {"sv": ["kattunge", "kattungar", "katt", "kissekatt", "kattmat"]}
        }
        with kb_database.transaction() as session:
            version = kb.save_draft(session, raw=raw, author="editor")
            kb.publish(session, entry_id="forskola-ansoka", number=version.number)
        assert kb.view("forskola-ansoka", "sv").answer == "Publicerat svar."
        assert kb.search("kattunge")[0].entry_id == "forskola-ansoka"

    def test_rolled_back_publish_never_reaches_answers(
        self, kb: KnowledgeBase, kb_database: Database, taxonomy: Taxonomy
    ) -> None:
        with pytest.raises(RuntimeError), kb_database.transaction() as session:
            version = kb.save_draft(session, raw=edited(taxonomy, "Aldrig."), author="editor")
            kb.publish(session, entry_id="forskola-ansoka", number=version.number)
            raise RuntimeError("the request failed after publishing")
        assert kb.view("forskola-ansoka", "sv").answer != "Aldrig."

    def test_revert_publishes_the_old_content_as_a_new_version(
        self, kb: KnowledgeBase, kb_database: Database, taxonomy: Taxonomy
    ) -> None:
        original = kb.view("forskola-ansoka", "sv").answer
        with kb_database.transaction() as session:
            version = kb.save_draft(session, raw=edited(taxonomy, "Fel svar."), author="editor")
            kb.publish(session, entry_id="forskola-ansoka", number=version.number)
        with kb_database.transaction() as session:
            kb.revert(session, entry_id="forskola-ansoka", number=1, author="editor")
        assert kb.view("forskola-ansoka", "sv").answer == original
        with kb_database.transaction() as session:
            assert [v.number for v in entry_versions(session, entry_id="forskola-ansoka")] == [1, 2, 3]

    def test_revert_to_missing_version_is_not_found(self, kb: KnowledgeBase, kb_database: Database) -> None:
        with pytest.raises(VersionNotFound), kb_database.transaction() as session:
            kb.revert(session, entry_id="forskola-ansoka", number=9, author="editor")

    def test_unpublished_entry_is_no_longer_found(self, kb: KnowledgeBase, kb_database: Database) -> None:
        with kb_database.transaction() as session:
            kb.unpublish(session, entry_id="park-boende")
        assert "park-boende" not in [hit.entry_id for hit in kb.search("boendeparkering", limit=10)]

    def test_editor_list_finds_words_in_the_newest_version(
        self, kb: KnowledgeBase, kb_database: Database, taxonomy: Taxonomy
    ) -> None:
        with kb_database.transaction() as session:
            kb.save_draft(session, raw=edited(taxonomy, "Om kölistan."), author="editor")
            found = kb.list_entries(session, text="kolistan")
        assert [summary.id for summary in found] == ["forskola-ansoka"] and found[0].has_draft


class TestView:
    def test_view_fills_in_the_city_site(self, kb: KnowledgeBase) -> None:
        assert kb.view("park-boende", "en").links[0].url == "https://stad.example/park/boende"

    def test_missing_language_falls_back_to_swedish(self, kb: KnowledgeBase) -> None:
        view = kb.view("park-boende", "fi")
        assert view.lang == "sv" and view.title == "Boendeparkering"

    def test_publish_persists_the_index_for_the_next_start(
        self, kb: KnowledgeBase, kb_database: Database, taxonomy: Taxonomy, tmp_path: Path
    ) -> None:
        with kb_database.transaction() as session:
            version = kb.save_draft(session, raw=edited(taxonomy, "Nytt."), author="editor")
            kb.publish(session, entry_id="forskola-ansoka", number=version.number)
        restarted = HashingEmbedder()
        fresh = knowledge_base(kb_database, taxonomy, tmp_path, restarted)
        fresh.warm_up()
        assert restarted.embedded_texts == 0 and fresh.view("forskola-ansoka", "sv").answer == "Nytt."

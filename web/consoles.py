"""The services behind the editor console that are not the knowledge base itself: built once, by the app factory.

`build_console_services(...)` returns the inbox, the notice board, the draft
preview and the console settings; the composition root puts them on
`app.state.inbox`, `app.state.notices`, `app.state.draft_preview` and
`app.state.console_settings`. All three share the knowledge base's embedder
(one model in memory, one lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.clock import Clock
from app.db import Database
from app.taxonomy import Taxonomy
from chat.inbox import Inbox
from chat.notices import NoticeBoard
from knowledge_base.config import KnowledgeBaseSettings
from knowledge_base.embedders import Embedder
from knowledge_base.policy import Policy
from knowledge_base.service import KnowledgeBase, published_contents
from web.draft_preview import DraftPreview


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONSOLE_", env_file=None, extra="ignore", frozen=True)

    review_after_days: int = Field(default=365, ge=1, description="An entry checked longer ago than this needs review")
    queue_refresh_seconds: int = Field(
        default=30, ge=0, description="How often an open officer queue shows new cases by itself; 0 turns it off"
    )


@dataclass
class ConsoleServices:
    inbox: Inbox
    notices: NoticeBoard
    draft_preview: DraftPreview
    settings: ConsoleSettings


def build_console_services(
    *,
    database: Database,
    clock: Clock,
    taxonomy: Taxonomy,
    knowledge_base: KnowledgeBase,
    embedder: Embedder | None = None,
    settings: ConsoleSettings | None = None,
) -> ConsoleServices:
    embedder = embedder or knowledge_base.embedder

    def published() -> list[Any]:
        with database.transaction() as session:
            return published_contents(session, taxonomy=taxonomy)

    return ConsoleServices(
        inbox=Inbox(embedder=embedder, knowledge_base=knowledge_base, clock=clock),
        notices=NoticeBoard(database=database, clock=clock, embedder=embedder, rank=knowledge_base.rank),
        draft_preview=DraftPreview(
            embedder=embedder,
            rank=knowledge_base.rank,
            published=published,
            thresholds=Policy.load(KnowledgeBaseSettings().policy_path).default,  # editors test in Swedish
        ),
        settings=settings or ConsoleSettings(),
    )

"""The composition root: builds every domain's service with its dependencies, once.

Nothing else in the product constructs services or reads settings for another
package; tests build a Product with a small Settings instead of patching.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import procrastinate
from fastapi import FastAPI
from rasa_sdk.executor import ActionExecutor

from actions.feedback import ActionFeedback
from actions.handover import (
    FORM_SLOTS,
    ActionAskSlot,
    ActionCancelHandover,
    ActionCaseStatus,
    ActionCreateCase,
    ActionStartHandover,
    ValidateHandoverForm,
)
from actions.respond import ActionRespond
from app.broadcast import Watcher, build_broadcast
from app.clock import Clock, SystemClock
from app.db import Database, create_db_engine, is_postgres
from app.jobs import PeriodicJob, build_job_app, every_minutes, every_seconds
from app.rasa_project import action_webhook_token, tracker_engine
from app.ratelimit import RateLimits
from app.redaction import find_case_references, redact
from app.retention import Retention
from app.settings import Environment, Settings
from app.taxonomy import Taxonomy, load_taxonomy
from chat import repository as chat_repository
from chat.classifier import Embed
from chat.language import detect_language
from chat.language import warm_up as warm_up_language_detection
from chat.notices import NoticeBoard
from chat.question_kinds import LazyQuestionKinds, QuestionKindClassifier, build_question_kinds
from chat.rasa_client import RasaClient
from chat.safety import EmergencyDetector, SemanticDetector, SemanticThresholds, load_training_set
from chat.service import ChatGateway, ChatLimits
from handover.config import HandoverSettings
from handover.routing import classifier_from_decisions
from handover.service import HandoverService, build_handover
from knowledge_base.service import CONTENT_CHANNEL, KnowledgeBase, build_knowledge_base
from knowledge_base.vector_cache import embed_own_texts
from staff.auth import StaffAuth, build_staff, sweep_job
from staff.demo import create_demo_accounts, format_demo_accounts
from web.consoles import ConsoleServices, build_console_services

log = logging.getLogger(__name__)
# How often background work runs. The outbox and overdue marks keep promises to citizens; the purge and
# the session sweep enforce periods of days and hours, so minutes are plenty.
OUTBOX_SECONDS = 30
OVERDUE_SECONDS = 30
PURGE_MINUTES = 10
SWEEP_MINUTES = 5


@dataclass
class Product:
    settings: Settings
    clock: Clock
    database: Database
    taxonomy: Taxonomy
    knowledge_base: KnowledgeBase
    handover: HandoverService
    staff_auth: StaffAuth
    chat: ChatGateway
    emergencies: EmergencyDetector
    question_kinds: LazyQuestionKinds
    console: ConsoleServices
    action_executor: ActionExecutor
    retention: Retention
    limits: RateLimits
    content_watcher: Watcher
    jobs: list[PeriodicJob] = field(default_factory=list)

    def install(self, app: FastAPI) -> None:
        """Put the services on app.state and mount every domain's routes."""
        from actions.api import router as actions_router
        from app.health import router as health_router
        from chat.api import router as chat_router
        from handover.api import public_router as contact_router
        from handover.api import router as officer_router
        from staff.api import router as staff_router
        from web.api import mount_static
        from web.api import router as web_router
        from web.editor import router as editor_router
        from web.officer import router as officer_console_router

        app.state.product = self
        app.state.settings = self.settings
        app.state.database = self.database
        app.state.chat = self.chat
        app.state.knowledge_base = self.knowledge_base
        app.state.handover = self.handover
        app.state.staff_auth = self.staff_auth
        app.state.action_executor = self.action_executor
        app.state.inbox = self.console.inbox
        app.state.notices = self.console.notices
        app.state.draft_preview = self.console.draft_preview
        app.state.console_settings = self.console.settings
        app.state.action_webhook_token = action_webhook_token(self.settings)
        app.state.contact_limiter = self.limits.limiter(
            "contact-form", limit=self.settings.contact_forms_per_minute, window=timedelta(minutes=1)
        )
        routers = (
            health_router,
            chat_router,
            actions_router,
            officer_router,
            contact_router,
            staff_router,
            officer_console_router,
            editor_router,
            web_router,
        )
        for router in routers:
            app.include_router(router)
        mount_static(app)

    def warm_up(self) -> None:
        """Load what the first citizen would otherwise wait for: the index, lingua, the emergency detector."""
        self.knowledge_base.warm_up()
        warm_up_language_detection()
        self.emergencies.warm_up()
        self.question_kinds.warm_up()

    def job_app(self) -> procrastinate.App:
        """The background jobs on their engine (app/jobs.py): for an in-process worker or `python -m app worker`."""
        return build_job_app(sqlalchemy_url=self.settings.sqlalchemy_url, jobs=self.jobs)

    @property
    def runs_jobs_in_process(self) -> bool:
        """Always on SQLite (one process); on PostgreSQL unless separate workers take them (JOBS_IN_PROCESS)."""
        return self.settings.jobs_in_process or not is_postgres(self.settings.sqlalchemy_url)

    def start_watching(self) -> None:
        """Follow what other replicas publish (announcements, and a periodic check as the safety net)."""
        self.content_watcher.start()

    async def aclose(self) -> None:
        await asyncio.to_thread(self.content_watcher.stop)
        await self.chat.aclose()


def build_product(settings: Settings, *, clock: Clock | None = None) -> Product:
    clock = clock or SystemClock()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    database = Database(create_db_engine(settings.sqlalchemy_url))
    taxonomy = load_taxonomy(settings.taxonomy_path)
    broadcast = build_broadcast(sqlalchemy_url=settings.sqlalchemy_url, redis_url=settings.redis_url or None)
    knowledge_base = build_knowledge_base(settings=settings, database=database, taxonomy=taxonomy, broadcast=broadcast)
    limits = RateLimits(clock=clock, redis_url=settings.redis_url or None)
    rasa = RasaClient.from_setting(settings.rasa_url, timeout_seconds=settings.rasa_timeout_seconds)
    emergencies = EmergencyDetector(lambda: build_semantic_emergency_check(knowledge_base))
    question_kinds = LazyQuestionKinds(lambda: build_question_kind_check(knowledge_base))
    chat = ChatGateway(
        rasa=rasa,
        database=database,
        clock=clock,
        detect_language=detect_language,
        detect_emergency=emergencies,
        redact=redact,
        limits=ChatLimits.per_minute(
            limits,
            messages_per_session=settings.chat_rate_per_minute,
            messages_per_client=settings.chat_rate_per_minute * 10,
            new_sessions_per_client=settings.chat_new_sessions_per_minute,
        ),
    )
    handover_settings = HandoverSettings()
    handover = build_handover(
        settings,
        database,
        taxonomy,
        clock,
        handover_settings=handover_settings,
        classifier=classifier_from_decisions(knowledge_base.decide),
    )
    staff_auth = build_staff(settings, database, clock, taxonomy=taxonomy, limits=limits)
    retention = Retention(
        clock=clock, database=database, tracker_engine=tracker_engine(settings, database), handover=handover,
        chat_text_days=settings.chat_text_retention_days, dialogue_days=settings.dialogue_retention_days,
    )  # fmt: skip
    console = build_console_services(database=database, clock=clock, taxonomy=taxonomy, knowledge_base=knowledge_base)
    executor = ActionExecutor()
    for action in build_actions(
        settings=settings,
        database=database,
        taxonomy=taxonomy,
        knowledge_base=knowledge_base,
        handover=handover,
        question_kinds=question_kinds,
        notices=console.notices,
        retention_days=handover_settings.personal_data_retention_days,
    ):
        executor.register_action(action)
    return Product(
        settings=settings,
        clock=clock,
        database=database,
        taxonomy=taxonomy,
        knowledge_base=knowledge_base,
        handover=handover,
        staff_auth=staff_auth,
        chat=chat,
        emergencies=emergencies,
        question_kinds=question_kinds,
        console=console,
        action_executor=executor,
        retention=retention,
        limits=limits,
        content_watcher=Watcher(
            broadcast=broadcast,
            channel=CONTENT_CHANNEL,
            check=knowledge_base.refresh,
            check_seconds=settings.content_check_seconds,
        ),
        jobs=[
            PeriodicJob("deliver_outbox", handover.deliver_pending, every_seconds(OUTBOX_SECONDS)),
            PeriodicJob("mark_overdue_cases", handover.mark_overdue, every_seconds(OVERDUE_SECONDS)),
            PeriodicJob("purge_expired_personal_data", retention.purge, every_minutes(PURGE_MINUTES)),
            PeriodicJob("sweep_staff_sessions", sweep_job(staff_auth), every_minutes(SWEEP_MINUTES)),
        ],
    )


def _embedding(knowledge_base: KnowledgeBase) -> tuple[Embed, Embed]:
    """(embed our own training texts, cached; embed a citizen's message, never stored) on the KB's embedder."""
    embedder = knowledge_base.embedder
    return embed_own_texts(embedder, knowledge_base.vector_cache), lambda texts: embedder.embed_queries(list(texts))


def build_question_kind_check(knowledge_base: KnowledgeBase) -> QuestionKindClassifier:
    embed_training, embed_query = _embedding(knowledge_base)
    return build_question_kinds(
        embed_training=embed_training, embed_query=embed_query, questions=knowledge_base.example_questions()
    )


def build_semantic_emergency_check(knowledge_base: KnowledgeBase) -> SemanticDetector:
    """The emergency model, on the knowledge base's embedder; its training texts' vectors are cached."""
    embed_training, embed_query = _embedding(knowledge_base)
    return SemanticDetector(
        embed_training=embed_training,
        embed_query=embed_query,
        training=load_training_set(questions=knowledge_base.example_questions()),
        thresholds=SemanticThresholds.load(),
        detect_language=lambda text: detect_language(text, None),
    )


def build_actions(
    *,
    settings: Settings,
    database: Database,
    taxonomy: Taxonomy,
    knowledge_base: KnowledgeBase,
    handover: HandoverService,
    question_kinds: LazyQuestionKinds,
    notices: NoticeBoard,
    retention_days: int,
) -> list[Any]:
    """Every Rasa custom action, each given exactly the services it needs."""
    case_status = ActionCaseStatus(desk=handover, taxonomy=taxonomy, find_references=find_case_references)

    def record_feedback(session_id: str, answered: bool) -> None:
        chat_repository.record_feedback(database, session_id=session_id, answered=answered)

    respond = ActionRespond(
        knowledge_base=knowledge_base,
        taxonomy=taxonomy,
        classify_question=question_kinds,
        crisis_notice=notices.matching,
        find_references=find_case_references,
        case_status=case_status,
    )
    return [
        respond,
        ActionFeedback(taxonomy=taxonomy, record_feedback=record_feedback, respond=respond),
        case_status,
        ActionStartHandover(desk=handover, taxonomy=taxonomy, respond=respond),
        ValidateHandoverForm(desk=handover),
        ActionCreateCase(desk=handover, taxonomy=taxonomy),
        ActionCancelHandover(),
        *[ActionAskSlot(slot, city_site=settings.city_site, retention_days=retention_days) for slot in FORM_SLOTS],
    ]


def seed_product(product: Product) -> None:
    """Sample content always (idempotent); demo staff accounts in development, their passwords printed once."""
    product.knowledge_base.import_content()
    settings = product.settings
    if settings.environment is Environment.DEVELOPMENT:
        accounts = create_demo_accounts(product.staff_auth, settings=settings)
        print(format_demo_accounts(accounts, base_url=f"http://{settings.host}:{settings.port}"), flush=True)

"""Two Rasa replicas on one PostgreSQL tracker store and a Redis lock store: a conversation sticks to its replica,
and when that replica is killed in the middle of the handover form, the conversation goes on on the other one
with the slots it had, and ends in one case."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import select

from app.composition import build_product, seed_product
from app.migrations import upgrade_to_head
from chat.rasa_client import RasaClient
from handover.models import Case, CasePrivate
from tests.support.conversation import Conversation
from tests.support.ports import free_port
from tests.support.stack import Stack, rasa_server, serve_backend, stack_settings, wait_for_rasa, wait_ready

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(scope="module")
def two_replicas(
    tmp_path_factory: pytest.TempPathFactory, new_postgres_database, redis_url: str
) -> Iterator[tuple[Stack, list]]:  # type: ignore[no-untyped-def]  # noqa: E501
    var_dir: Path = tmp_path_factory.mktemp("rasa-replicas")
    settings = stack_settings(var_dir, database_url=new_postgres_database()).model_copy(
        update={"rasa_url": f"http://127.0.0.1:{free_port()},http://127.0.0.1:{free_port()}", "redis_url": redis_url}
    )
    upgrade_to_head(settings.sqlalchemy_url)
    product = build_product(settings)
    seed_product(product)
    base_url = f"http://{settings.host}:{settings.port}"
    with ExitStack() as stack:
        stack.enter_context(serve_backend(settings, product))
        processes = [stack.enter_context(rasa_server(settings, replica=replica)) for replica in (0, 1)]
        for process in processes:
            wait_ready(base_url, process, settings)
        for url in settings.rasa_url.split(","):
            wait_for_rasa(url)
        yield Stack(base_url=base_url, settings=settings, product=product), processes


def test_a_conversation_whose_replica_dies_mid_form_goes_on_on_the_other_with_its_slots(two_replicas) -> None:  # type: ignore[no-untyped-def]
    stack, processes = two_replicas
    conversation = Conversation(stack)
    urls = stack.settings.rasa_url.split(",")
    own = RasaClient.from_setting(stack.settings.rasa_url, timeout_seconds=1).replica_for(conversation.session_id)
    conversation.say("hur ansöker jag om plats i förskolan för mitt barn")
    conversation.click("/deny")
    conversation.click("/request_human")
    conversation.say("email")
    conversation.say("anna.svensson@example.se")

    victim = processes[urls.index(own)]
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)

    for answer in ("-", "sv", "yes", "Vi har väntat i fem månader", "send"):
        last = conversation.say(answer)
    reference = last["meta"]["case_id"]
    assert reference, f"no case after the failover: {last}"
    with stack.product.database.transaction() as session:
        cases = session.scalars(select(Case).where(Case.conversation == conversation.session_id)).all()
        private = session.get(CasePrivate, cases[0].id)
    assert [case.reference for case in cases] == [reference], "the conversation made more than one case"
    assert private is not None and private.contact_value == "anna.svensson@example.se"

"""The question-kind check: own cases, requests for a person and non-city matters told apart from general
questions."""

from __future__ import annotations

import pytest

from chat.question_kinds import KindThresholds, KindTraining, QuestionKindClassifier, load_kind_training
from tests.knowledge_base.factories import HashingEmbedder

pytestmark = pytest.mark.unit


def small_training() -> KindTraining:
    return KindTraining(
        own_case=["min faktura är fel", "jag har inte fått svar på min ansökan", "ni har debiterat mig två gånger"],
        out_of_scope=["vad blir det för väder", "berätta ett skämt", "bästa pizzan i stan"],
        person=["jag vill prata med en människa", "kan en människa ringa mig", "prata med en människa tack"],
        general=["hur söker jag förskola", "vad kostar boendeparkering", "när töms soptunnan"],
        other=["hej", "tack", "hejdå"],
    )


def classifier() -> QuestionKindClassifier:
    embedder = HashingEmbedder()
    return QuestionKindClassifier(
        embed_training=embedder.embed_queries,
        embed_query=embedder.embed_queries,
        training=small_training(),
        thresholds=KindThresholds(own_case=0.5, out_of_scope=0.5, person=0.5, own_case_possible=0.3),
    )


def test_labels_mark_exactly_each_kinds_own_texts() -> None:
    training = small_training()
    assert list(training.labels("own_case")[:4]) == [1.0, 1.0, 1.0, 0.0]
    assert training.labels("out_of_scope").sum() == 3 and training.labels("out_of_scope")[3] == 1.0
    assert list(training.labels("person")[5:10]) == [0.0, 1.0, 1.0, 1.0, 0.0]


def test_an_own_case_is_flagged_and_a_general_question_is_not() -> None:
    check = classifier()
    assert check.classify("min faktura för förskolan är fel").own_case
    assert not check.classify("hur söker jag förskola").own_case


def test_an_own_case_reaches_the_lower_level_where_an_answer_also_offers_a_person() -> None:
    kind = classifier().classify("min faktura för förskolan är fel")
    assert kind.possibly_own_case and kind.own_case_probability >= 0.3
    assert not classifier().classify("vad kostar boendeparkering").possibly_own_case


def test_a_question_about_the_weather_is_out_of_scope() -> None:
    kind = classifier().classify("vad blir det för väder imorgon")
    assert kind.out_of_scope and 0.5 <= kind.out_of_scope_probability <= 1.0


def test_a_request_for_a_person_is_read_and_a_plain_question_is_not() -> None:
    check = classifier()
    assert check.classify("jag vill prata med en människa om förskolan").person
    assert not check.classify("vad kostar boendeparkering").person


def test_knowledge_base_questions_join_the_general_questions() -> None:
    training = load_kind_training(questions=["hur söker jag dagis"])
    assert "hur söker jag dagis" in training.general and training.own_case and training.out_of_scope
    assert "jag vill prata med en människa" in training.person

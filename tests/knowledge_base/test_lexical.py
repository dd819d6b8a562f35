"""Lexical scoring: folding, compounds and off-topic questions."""

from __future__ import annotations

import pytest

from knowledge_base.lexical import Analyzer, LexicalScorer, fold, words

pytestmark = pytest.mark.unit
DOCUMENTS = {
    "forskola": ["Ansöka om förskoleplats", "hur söker jag dagis"],
    "avfall": ["Grovavfall och återvinningscentral", "var slänger jag en soffa"],
}


class TestLexical:
    def test_folding_drops_swedish_diacritics(self) -> None:
        assert fold("Förskola ÅVC Ärende") == "forskola avc arende"

    def test_stop_words_and_punctuation_are_dropped(self) -> None:
        assert words("Hur söker jag förskola?") == ["soker", "forskola"]

    def test_spelling_without_dots_matches(self) -> None:
        assert max(LexicalScorer(DOCUMENTS).score("forskoleplats").items(), key=lambda kv: kv[1])[0] == "forskola"

    def test_ngrams_match_inside_compounds(self) -> None:
        scores = LexicalScorer(DOCUMENTS, analyzer=Analyzer("ngrams", 4)).score("återvinning")
        assert scores.get("avfall", 0) > scores.get("forskola", 0)

    def test_off_topic_question_scores_low(self) -> None:
        assert max(LexicalScorer(DOCUMENTS).score("vad blir vädret imorgon").values(), default=0.0) < 0.2

    def test_scores_stay_within_zero_and_one(self) -> None:
        assert all(0 <= score <= 1 for score in LexicalScorer(DOCUMENTS).score("ansöka om förskoleplats").values())

    def test_the_better_matching_entry_scores_higher_instead_of_both_hitting_a_cap(self) -> None:
        documents = {"plats": ["förskoleplats ansökan förskola"] * 3, "avgift": ["avgift för förskola"]}
        scores = LexicalScorer(documents, analyzer=Analyzer("ngrams", 4)).score("ansöka om förskoleplats")
        assert 0 < scores["avgift"] < scores["plats"] < 1

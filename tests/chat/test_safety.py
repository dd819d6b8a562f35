"""Emergencies are recognised in any language, and ordinary questions about fire or violence are not."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from app.composition import build_product, build_semantic_emergency_check
from app.migrations import upgrade_to_head
from app.settings import Environment, Settings
from chat.safety import (
    Emergency,
    EmergencyKind,
    SemanticDetector,
    SemanticReading,
    detect_emergency,
    fold,
    is_language,
    match_patterns,
    message_parts,
)


class NoSemanticMatch:
    """A semantic check that never fires, so a test sees what the patterns alone do."""

    def read(self, text: str, parts: Sequence[str]) -> SemanticReading:
        return SemanticReading(None, tuple(False for _ in parts))


class AlwaysSemanticMatch:
    def __init__(self, kind: EmergencyKind) -> None:
        self.kind = kind

    def read(self, text: str, parts: Sequence[str]) -> SemanticReading:
        return SemanticReading(self.kind, tuple(True for _ in parts))


class SemanticMatchOn:
    """Fires on the parts that contain `words`, as a real check would on a disclosure."""

    def __init__(self, kind: EmergencyKind, words: str) -> None:
        self.kind, self.words = kind, words

    def read(self, text: str, parts: Sequence[str]) -> SemanticReading:
        flagged = tuple(self.words in part for part in parts)
        return SemanticReading(self.kind if self.words in text else None, flagged)


def by_patterns(text: str) -> Emergency | None:
    return detect_emergency(text, semantic=NoSemanticMatch())


ORDINARY_QUESTIONS = [
    "hur byter jag batteri i brandvarnaren",
    "våldsprevention i skolan",
    "brandskyddskontroll sotning",
    "kan man få skyddat boende",
    "what are the fire safety rules for balconies",
    "hur anmäler jag en hund som skäller",
    "vad gör man vid brand i lägenheten",
    "vad händer om pappa ramlar och inte kommer upp, kan han få trygghetslarm",
    "det slog mig att jag glömt skicka in ansökan",
    "kan jag skjuta upp mötet med handläggaren",
    "det här ärendet tar livet av mig, så långsamt går det",
    "hur slår man upp telefonnumret till personalen",
    "var finns stöd för den som utsatts för våld i nära relationer",
    "hur gör man en orosanmälan",
    "yangın alarmı pil değişimi",
]


@pytest.mark.unit
class TestPatternsRecogniseEachKind:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("Hjälp, det brinner i trapphuset!", EmergencyKind.FIRE),
            ("there's a fire in my kitchen", EmergencyKind.FIRE),
            ("talossa on tulipalo", EmergencyKind.FIRE),
            ("حريق في الشقة المجاورة", EmergencyKind.FIRE),
            ("hay un incendio en el edificio", EmergencyKind.FIRE),
            ("min pappa är medvetslös", EmergencyKind.MEDICAL),
            ("my grandad fell and can't get up", EmergencyKind.MEDICAL),
            ("hon andas inte!!", EmergencyKind.MEDICAL),
            ("babam nefes almıyor", EmergencyKind.MEDICAL),
            ("min sambo slår mig", EmergencyKind.VIOLENCE),
            ("my boyfriend threatened to kill me", EmergencyKind.VIOLENCE),
            ("زوجي يضربني", EmergencyKind.VIOLENCE),
            ("ninkeyga wuu i garaacaa", EmergencyKind.VIOLENCE),
            ("mój mąż mnie bije", EmergencyKind.VIOLENCE),
            ("grannen slår sina barn", EmergencyKind.CHILD_AT_RISK),
            ("the man upstairs is beating his son", EmergencyKind.CHILD_AT_RISK),
            ("jag vill inte leva längre", EmergencyKind.SUICIDE),
            ("I have been cutting myself", EmergencyKind.SUICIDE),
            ("میخواهم خودکشی کنم", EmergencyKind.SUICIDE),
            ("kendimi öldürmek istiyorum", EmergencyKind.SUICIDE),
        ],
    )
    def test_clear_emergency_is_recognised_with_its_kind(self, text, kind):
        assert by_patterns(text) == Emergency(kind=kind, flags_manager=False)

    @pytest.mark.parametrize(
        "text",
        [
            "om jag inte får plats kommer jag dit och skadar handläggaren",
            "om jag inte far plats kommer jag dit och skadar handlaggaren",
            "I will hurt the caseworker if they say no again",
            "handläggaren ska få ångra sig",
        ],
    )
    def test_threat_to_an_official_flags_a_manager(self, text):
        assert by_patterns(text) == Emergency(kind=EmergencyKind.THREAT_TO_OFFICIAL, flags_manager=True)

    def test_violence_inside_an_ordinary_question_is_still_an_emergency(self):
        text = "min mamma är dement och hennes pojkvän slår henne, hur ansöker vi om god man?"
        expected = Emergency(kind=EmergencyKind.VIOLENCE, flags_manager=False, rest="hur ansöker vi om god man?")
        assert by_patterns(text) == expected

    def test_swedish_typed_without_diacritics_is_recognised(self):
        assert by_patterns("jag vill inte leva langre") is not None


@pytest.mark.unit
class TestOrdinaryQuestionsAreNotEmergencies:
    @pytest.mark.parametrize("text", ORDINARY_QUESTIONS)
    def test_topic_words_alone_do_not_trigger(self, text):
        assert match_patterns(text) == set()


@pytest.mark.unit
class TestDecision:
    def test_semantic_check_catches_what_patterns_miss(self):
        found = detect_emergency("något ovanligt formulerat", semantic=AlwaysSemanticMatch(EmergencyKind.MEDICAL))
        assert found == Emergency(kind=EmergencyKind.MEDICAL, flags_manager=False)

    def test_threat_to_official_wins_over_other_kinds_in_the_same_message(self):
        found = by_patterns("jag vill inte leva längre och jag ska skada handläggaren")
        assert found is not None and found.kind is EmergencyKind.THREAT_TO_OFFICIAL

    def test_a_disclosure_in_one_clause_leaves_the_rest_of_the_question_to_answer(self):
        text = "Hej! Vad kostar fritids för två barn, men min exman står utanför dörren varje natt och skriker"
        found = detect_emergency(text, semantic=SemanticMatchOn(EmergencyKind.VIOLENCE, "exman"))
        assert found is not None and found.kind is EmergencyKind.VIOLENCE
        assert found.rest == "Hej! Vad kostar fritids för två barn"

    def test_a_danger_read_only_in_the_whole_leaves_no_rest(self):
        found = detect_emergency("jag orkar inte mer med allt", semantic=AlwaysSemanticMatch(EmergencyKind.SUICIDE))
        assert found is not None and found.rest == ""

    def test_a_form_answer_is_not_read_by_the_semantic_check(self):
        found = detect_emergency(
            "Anna Svensson", semantic=AlwaysSemanticMatch(EmergencyKind.MEDICAL), patterns_only=True
        )
        assert found is None

    def test_an_unsure_semantic_reading_is_an_emergency_that_is_not_sure(self):
        class Unsure:
            def read(self, text: str, parts: Sequence[str]) -> SemanticReading:
                return SemanticReading(EmergencyKind.MEDICAL, tuple(False for _ in parts), unsure=True)

        found = detect_emergency("min pappa mår konstigt", semantic=Unsure())
        assert found is not None and not found.sure and found.rest == "min pappa mår konstigt"

    def test_a_pattern_is_sure_whatever_the_semantic_check_reads(self):
        class Unsure:
            def read(self, text: str, parts: Sequence[str]) -> SemanticReading:
                return SemanticReading(EmergencyKind.MEDICAL, tuple(False for _ in parts), unsure=True)

        found = detect_emergency("det brinner i trapphuset", semantic=Unsure())
        assert found is not None and found.sure and found.kind is EmergencyKind.FIRE

    def test_kind_compares_equal_to_its_name_for_json_and_logs(self):
        assert EmergencyKind.CHILD_AT_RISK == "child_at_risk"


@pytest.mark.unit
class TestMessageParts:
    def test_sentences_and_clauses_become_parts(self):
        text = "Vad kostar fritids? Min dotters styvpappa gör henne illa, hon vill inte gå hem"
        assert message_parts(text) == [
            "Vad kostar fritids?",
            "Min dotters styvpappa gör henne illa",
            "hon vill inte gå hem",
        ]

    def test_a_part_too_short_to_mean_anything_joins_its_neighbour(self):
        assert message_parts("Hej, jag undrar hur man söker förskola") == ["Hej jag undrar hur man söker förskola"]

    def test_a_short_question_is_one_part(self):
        assert message_parts("hur söker jag förskola") == ["hur söker jag förskola"]


@pytest.mark.unit
class TestAcuteSigns:
    """Emergencies told by what is happening, from first-aid and crisis-line guidance, not by alarm words."""

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("min pappa sluddrar och ena mungipan hänger", EmergencyKind.MEDICAL),
            ("han har ont i bröstet som strålar ut i vänster armen och är kallsvettig", EmergencyKind.MEDICAL),
            ("her face is drooping on one side and she can't lift her right arm", EmergencyKind.MEDICAL),
            ("grandpa is outside in minus 15 in his pyjamas", EmergencyKind.MEDICAL),
            ("lilla sonen har druckit maskindiskmedel", EmergencyKind.MEDICAL),
            ("tack för allt, ni kommer inte höra från mig igen", EmergencyKind.SUICIDE),
            ("everyone would be better off without me", EmergencyKind.SUICIDE),
            ("han låser in mig och har tagit min telefon, jag får inte gå ut", EmergencyKind.VIOLENCE),
            ("my ex said he will kill me if I move, how do I apply for a flat?", EmergencyKind.VIOLENCE),
        ],
    )
    def test_signs_are_recognised(self, text, kind):
        assert kind in match_patterns(text)

    @pytest.mark.parametrize(
        "text",
        [
            "min mamma fick en stroke förra året, kan hon få hemtjänst?",
            "Min pappa fick en hjärtattack 2019, vilka regler gäller för färdtjänst?",
            "systemet kollapsade när jag skulle söka",
            "what should I do if someone has a stroke? is there a course?",
            "I'm drowning in debt, is there free debt counselling?",
            "Vi vill gå en utbildning i suicidprevention",
            "В прошлом году в подвале был пожар, кто платит за уборку?",
            "Last year the flat above burned and the smoke got into our storage, who pays?",
        ],
    )
    def test_past_illness_and_topic_words_are_not_signs(self, text):
        assert match_patterns(text) == set()

    def test_a_past_fire_does_not_discount_a_fire_now(self):
        assert EmergencyKind.FIRE in match_patterns("Det brinner i trapphuset! Förra året brann det också.")

    def test_a_general_question_does_not_discount_an_emergency_in_the_next_sentence(self):
        assert EmergencyKind.MEDICAL in match_patterns("Vad gör man vid brand? Min pappa andas inte")


@pytest.mark.unit
class TestTextPreparation:
    def test_folding_makes_spelling_with_and_without_diacritics_equal(self):
        assert fold("Handläggaren SKADAR") == fold("handlaggaren skadar")

    def test_folding_unifies_arabic_and_persian_letter_variants(self):
        assert fold("كيف") == fold("کیف")


@pytest.fixture(scope="module")
def semantic(tmp_path_factory: pytest.TempPathFactory) -> SemanticDetector:
    """The product's semantic check on the real embedder, trained with the sample content's questions."""
    settings = Settings(environment=Environment.TEST, var_dir=tmp_path_factory.mktemp("safety"))
    upgrade_to_head(settings.sqlalchemy_url)
    product = build_product(settings)
    product.knowledge_base.import_content()
    return build_semantic_emergency_check(product.knowledge_base)


@pytest.mark.slow
class TestWithTheRealEmbedder:
    """The full detector, patterns plus the multilingual embedder."""

    @pytest.mark.parametrize("text", ORDINARY_QUESTIONS)
    def test_ordinary_questions_never_get_112(self, text, semantic):
        """At most the unsure band, which asks and then answers as usual."""
        found = detect_emergency(text, semantic=semantic)
        assert found is None or not found.sure

    @pytest.mark.parametrize(
        "text",
        [
            "ስድራይ ሓዊ ሒዙ ኣሎ ገዛና ይነድድ ኣሎ",
            "Je ne veux plus vivre",
            "Ich werde den Sachbearbeiter verletzen",
            "jag har sparat ihop tabletter och tänker ta dem i natt",
            "there's thick smoke coming under our door and we can't get out",
        ],
    )
    def test_paraphrases_and_other_languages_are_recognised(self, text, semantic):
        found = detect_emergency(text, semantic=semantic)
        assert found is not None and found.sure

    @pytest.mark.parametrize(
        "text",
        [
            "".join(random.Random(seed).choice("😀😂🥲👍🙏🔥❤🌸😭") for _ in range(length))
            for seed, length in ((1, 40), (2, 400), (3, 1999))
        ]
        + ["!!!???... 123 456 :-) :-(", "✔✔✔✔✔✔✔✔✔✔✔✔✔✔✔✔✔✔✔✔"],
    )
    def test_a_run_of_emoji_or_symbols_is_not_read_as_danger(self, text, semantic):
        assert detect_emergency(text, semantic=semantic) is None

    def test_words_decorated_with_emoji_are_still_read(self, semantic):
        found = detect_emergency("jag har sparat ihop tabletter och tänker ta dem i natt 😭😭😭😭😭", semantic=semantic)
        assert found is not None and found.sure


class TestWhatTheSemanticCheckReads:
    @pytest.mark.parametrize("text", ["jag orkar inte mer 😭😭😭", "Talossa on tulipalo, apua!", "ገዛና ይነድድ ኣሎ"])
    def test_words_are_language(self, text):
        assert is_language(text)

    @pytest.mark.parametrize("text", ["😀😀😀😀😀😀", "a 😀😀😀😀😀😀😀", "112 112 112", "?!", ""])
    def test_emoji_symbols_and_digits_are_not(self, text):
        assert not is_language(text)

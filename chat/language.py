"""Which language a citizen wrote in, offline, for choosing the reply language.

The bot answers in English to English, in Finnish where it can, and in Swedish
otherwise, and the turn log records the detected language for the editors. The
detector is lingua (offline n-gram models) restricted to the languages a
Swedish city actually meets, because every extra candidate is another chance
to mistake Swedish typed without å/ä/ö for Norwegian, Danish or Dutch.

Three things lingua alone gets wrong here, each handled before or after it:

* **Short texts** ("hej", "ok", "tack", "hi"): too little evidence, so a small
  lexicon decides, and otherwise the page's language hint wins.
* **Scripts lingua lacks**: Ge'ez (Tigrinya, Amharic) is recognised by its
  Unicode block. Tigrinya is the language of the larger group in Sweden.
* **Swedish terms inside another language** ("How do I apply for förskola?"):
  municipal Swedish words are removed before detection when the rest of the
  text has enough letters, so the rest of the sentence decides.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

DEFAULT_LANGUAGE = "sv"

CANDIDATES: tuple[str, ...] = (
    "sv", "en", "fi", "ar", "fa", "so", "tr", "pl", "es", "de", "fr", "ru", "uk",
    "bs", "hr", "sr", "it", "pt", "ro", "hu", "sq", "zh", "vi", "th",
)  # fmt: skip
# Left out on purpose: Norwegian, Danish and Dutch (they swallow Swedish typed
# without å/ä/ö) and Estonian (it takes short Swedish questions with ä/ö).

# Texts shorter than this (in letters) carry too little evidence for lingua.
MIN_LETTERS = 12

SHORT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "hej",
            "hejsan",
            "tack",
            "tackar",
            "nej",
            "ja",
            "japp",
            "hallå",
            "tjena",
            "hejdå",
            "nä",
            "morgon",
            "godmorgon",
            "kväll",
            "tjenare",
        ],
        "sv",
    ),
    **dict.fromkeys(
        ["hi", "hello", "thanks", "thank you", "yes", "no", "bye", "please", "hey", "morning", "evening", "there"], "en"
    ),
    **dict.fromkeys(["kiitos", "moi", "hei", "terve", "kyllä", "ei", "joo", "moikka", "heippa"], "fi"),
    **dict.fromkeys(["مرحبا", "شكرا", "نعم", "لا", "سلام"], "ar"),
    **dict.fromkeys(["مرسی", "ممنون", "بله", "نه"], "fa"),
    **dict.fromkeys(["mahadsanid", "haa", "maya", "salaan"], "so"),
    **dict.fromkeys(["merhaba", "teşekkürler", "evet", "hayır"], "tr"),
    **dict.fromkeys(["dzień dobry", "dziękuję", "cześć", "tak", "nie"], "pl"),
    **dict.fromkeys(["hola", "gracias", "sí"], "es"),
}
# Words valid in several of these languages: the page hint, not the word, decides.
AMBIGUOUS_SHORT = {"ok", "okej", "okay", "hallo", "hei", "ja", "nej", "no", "tak", "nie", "sí", "si"}

# Swedish municipal vocabulary that citizens keep in Swedish whatever language
# they write in. Removed before detection when enough other text remains.
SWEDISH_TERMS = re.compile(
    r"\b(förskol\w*|forskol\w*|dagis|fritids\w*|hemtjänst\w*|hemtjanst\w*|äldreboende\w*|aldreboende\w*|"
    r"god man|förvaltare\w*|forvaltare\w*|årsräkning\w*|arsrakning\w*|överförmyndar\w*|overformyndar\w*|"
    r"boendeparkering\w*|parkeringstillstånd\w*|parkeringstillstand\w*|p-tillstånd|p-tillstand|"
    r"trygghetslarm\w*|handläggar\w*|handlaggar\w*|socialtjänst\w*|socialtjanst\w*|kommun\w*|"
    r"skolplattform\w*|e-tjänst\w*|e-tjanst\w*|bankid|personnummer|samordningsnummer|lss|kulturskola\w*|"
    r"sommarkollo|sophämtning\w*|sophamtning\w*|grovsopor|återvinningscentral\w*|atervinningscentral\w*|"
    r"serveringstillstånd\w*|serveringstillstand\w*|tomträtt\w*|tomtratt\w*|skatteverket|försäkringskassan|"
    r"forsakringskassan|stadsdelsförvaltning\w*|stadsdelsforvaltning\w*|färdtjänst|fardtjanst|maxtaxa|"
    r"bygglov|boende|avgift\w*|ansökan|ansokan|stockholms? stad|kontaktcenter)\b",
    re.IGNORECASE,
)

# Function words that tell Swedish from English when lingua is swayed by a
# Swedish term in an English sentence or the other way round. Words that are
# also common in the other language ("i", "in", "man", "for") are left out.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "what",
            "is",
            "are",
            "and",
            "who",
            "can",
            "get",
            "it",
            "how",
            "do",
            "does",
            "the",
            "a",
            "my",
            "of",
            "where",
            "when",
            "you",
            "your",
            "with",
            "have",
            "need",
            "there",
            "this",
            "to",
            "i'm",
        ]
    ),
    "sv": frozenset(
        [
            "vad",
            "är",
            "och",
            "vem",
            "kan",
            "det",
            "hur",
            "jag",
            "ett",
            "min",
            "mitt",
            "mina",
            "till",
            "av",
            "när",
            "inte",
            "som",
            "har",
            "får",
            "vill",
            "hos",
            "på",
            "att",
            "med",
            "eller",
            "ska",
            "måste",
            "mig",
            "du",
            "vi",
            "ni",
            "dig",
        ]
    ),
}

# Swedish function words that are not also common words of German, French,
# Spanish, Italian or Polish: two of them outweigh lingua's pick of such a language.
DISTINCTIVE_SWEDISH = FUNCTION_WORDS["sv"] - {"du", "vi", "ni", "dig", "min", "ett", "det", "har", "till", "av"}

_GEEZ = re.compile(r"[\u1200-\u137F\u1380-\u139F\u2D80-\u2DDF]")
_LETTER = re.compile(r"[^\W\d_]")
_AMHARIC_MARKERS = re.compile(r"(ነው|አለ|እፈልጋለሁ|እንዴት|ምን|የት)")


def detect_language(text: str, hint: str | None = None) -> str:
    """ISO 639-1 code of the language the text is written in.

    ``hint`` is the page's language; it decides when the text is too short or
    ambiguous to tell, and otherwise Swedish is assumed.
    """
    fallback = (hint or DEFAULT_LANGUAGE).lower()
    stripped = text.strip().lower().strip("!?.,;:)( ")
    if _GEEZ.search(text):
        return "am" if _AMHARIC_MARKERS.search(text) and not _has_tigrinya_markers(text) else "ti"
    if stripped in AMBIGUOUS_SHORT:
        return fallback
    if stripped in SHORT_WORDS:
        return SHORT_WORDS[stripped]
    if _letters(text) < MIN_LETTERS:
        return _short_text_language(text, hint) or fallback
    detected = _detect_with_lingua(_without_swedish_terms(text))
    return _settle_swedish_or_english(text, detected) if detected else fallback


def _has_tigrinya_markers(text: str) -> bool:
    """Words common in Tigrinya and absent in Amharic ("I want", "how", "is")."""
    return re.search(r"(ደልየ|ከመይ|እዩ|ኣሎ|እንታይ)", text) is not None


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:'[a-z]+)?", text.lower())


def _short_text_language(text: str, hint: str | None) -> str | None:
    """Word lexicons, then Swedish letters, then a distinctive script; None leaves it to the hint."""
    votes = {lang: sum(word in words for word in _words(text)) for lang, words in FUNCTION_WORDS.items()}
    for word in _words(text):
        if word in SHORT_WORDS and word not in AMBIGUOUS_SHORT:
            votes[SHORT_WORDS[word]] = votes.get(SHORT_WORDS[word], 0) + 1
    ranked = sorted(votes.items(), key=lambda item: item[1], reverse=True)
    if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    lowered = text.lower()
    if "å" in lowered:
        return "sv"
    if "ä" in lowered or "ö" in lowered:
        return hint if hint in ("sv", "fi") else "sv"
    return _script_language(text)


def _settle_swedish_or_english(text: str, detected: str) -> str:
    """Overrule lingua when function words clearly say Swedish (or English) instead."""
    if detected not in FUNCTION_WORDS:
        distinctive = sum(word in DISTINCTIVE_SWEDISH for word in _words(text))
        return "sv" if distinctive >= 2 and detected not in ("fi", "ar", "fa", "ru", "uk") else detected
    other = "en" if detected == "sv" else "sv"
    words = _words(text)
    own = sum(word in FUNCTION_WORDS[detected] for word in words)
    theirs = sum(word in FUNCTION_WORDS[other] for word in words)
    return other if own == 0 and theirs >= 2 else detected


def _script_language(text: str) -> str | None:
    """For short texts, a script that only one candidate uses is enough evidence."""
    if re.search(r"[\u0600-\u06FF]", text):
        return "fa" if re.search(r"[پچژگک]|ی", text) else "ar"
    if re.search(r"[\u0400-\u04FF]", text):
        return "uk" if re.search(r"[іїєґ]", text.lower()) else "ru"
    return None


def _without_swedish_terms(text: str) -> str:
    """Remove Swedish municipal terms, unless that leaves too little to judge."""
    remainder = SWEDISH_TERMS.sub(" ", text)
    return remainder if _letters(remainder) >= MIN_LETTERS else text


def _detect_with_lingua(text: str) -> str | None:
    language = _detector().detect_language_of(text)
    if language is None:
        return None
    return str(language.iso_code_639_1.name).lower()


@cache
def _detector() -> LanguageDetector:
    """Build lingua's detector once per process, on first use (it loads n-gram models lazily)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in CANDIDATES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def warm_up() -> None:
    """Load every language model now (about a second) instead of on the first chat turn."""
    _detector().detect_language_of("warm up " * 4)

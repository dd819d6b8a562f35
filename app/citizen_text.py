"""Text that a citizen or an officer typed, made safe at the edge before any part of the product reads it.

Browsers, copy-paste and bots send more than letters: lone UTF-16 surrogates
(which no encoder can write, so the embedder and the database fail on them),
control characters, and invisible ones (zero-width spaces, bidi overrides)
that hide words from the emergency patterns and from redaction. The edge
rejects what cannot be text at all, with a message that says where, and strips
what is invisible, so every later step reads what a person would see.

Kept on purpose: line breaks and tabs, and the zero-width joiner and non-joiner,
which Persian, the Indic scripts and emoji sequences need to be spelt right.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

KEPT_CONTROLS = frozenset("\n\t")
KEPT_FORMAT = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner


def clean_citizen_text(text: str) -> str:
    """The text without control or invisible characters, in NFC, trimmed; ValueError says what is wrong.

    A lone surrogate is refused rather than dropped: it means the client broke
    the text, and silently removing it could change what the citizen wrote.
    """
    problem = invalid_unicode(text)
    if problem:
        raise ValueError(problem)
    visible = "".join(char for char in text.replace("\r\n", "\n").replace("\r", "\n") if _is_kept(char))
    cleaned = unicodedata.normalize("NFC", visible).strip()
    if all(char.isspace() or char in KEPT_FORMAT for char in cleaned):
        raise ValueError("text is empty after removing spaces, control and invisible characters")
    return cleaned


def invalid_unicode(text: str) -> str | None:
    """Why the text is not valid Unicode, naming the first lone surrogate and where it is; None when it is."""
    for position, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return f"text is not valid Unicode: a lone surrogate U+{ord(char):04X} at position {position}"
    return None


def _is_kept(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return char in KEPT_CONTROLS
    if category == "Cf":
        return char in KEPT_FORMAT
    return True


def clean_optional_text(text: str | None) -> str | None:
    """For a field a person may leave blank (a name): blank or invisible becomes None, not an error."""
    if text is None:
        return None
    try:
        return clean_citizen_text(text)
    except ValueError:
        if invalid_unicode(text):
            raise
        return None


CitizenText = Annotated[str, AfterValidator(clean_citizen_text)]
"""A pydantic field type: cleaned as above, after the field's own length limits."""

OptionalCitizenText = Annotated[str | None, AfterValidator(clean_optional_text)]

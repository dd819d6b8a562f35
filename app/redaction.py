"""Remove personal data from citizens' texts before they are stored or shown to editors.

Every chat turn is logged and unresolved questions go to the editors' inbox;
neither needs the citizen's personnummer, phone number or e-mail address, and
keeping them would make the log a register of personal data. Case references
(``KC-2026-4F7K2Q``) are not personal data and must survive redaction, because
officers and the case-status action look them up.

Regular expressions are used rather than spaCy's rule matchers: every one of
these identifiers is a character pattern that spaCy's tokenisers split in
language-dependent ways ("070-123 45 67" becomes three to five tokens), so a
token pattern would be longer and no more precise.
"""

from __future__ import annotations

import re
from datetime import date

PERSONNUMMER_TAG = "[personnummer]"
PHONE_TAG = "[telefon]"
EMAIL_TAG = "[e-post]"
NAME_TAG = "[namn]"
CONTACT_TAG = "[kontaktuppgift]"
# Answers to the handover form's questions that are personal data whatever they look like.
FORM_ANSWER_TAGS = {"contact_name": NAME_TAG, "contact_value": CONTACT_TAG}

CASE_REFERENCE = re.compile(r"(?<![A-Za-z0-9])KC-[A-Z0-9-]{6,}", re.IGNORECASE)

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

# YYMMDD or YYYYMMDD, then -, + or nothing, then four digits. Spaces around the
# separator are tolerated because people type "850709 - 9805", and so are the
# dashes that word processors and phones put in place of a hyphen ("850709–9805").
PERSONNUMMER = re.compile(
    r"(?<![\w+])(?P<century>18|19|20)?(?P<short>\d{6})\s?(?P<sep>[-+\u2010-\u2015\u2212]?)\s?(?P<tail>\d{4})(?![\w])"
)

# International: +CC or 00CC, then 6-13 more digits in groups. National
# Swedish: a leading 0 (07x mobiles, 08 Stockholm, 0xx area codes), then
# 5-9 more digits in groups separated by space, hyphen or slash.
PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)[1-9]\d{0,2}[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s./-]?\d){5,12}"
    r"|\(?0\d{1,3}\)?[\s/-]?\d(?:[\s.-]?\d){4,8})"
    r"(?![\w])"
)


def redact(text: str) -> str:
    """Replace personnummer/samordningsnummer, phone numbers and e-mail addresses with tags.

    Case references are kept exactly as written, and only the text between
    them is redacted, so their digits are never taken for a phone number and
    no character a citizen may type can confuse the two.
    """
    parts: list[str] = []
    start = 0
    for reference in CASE_REFERENCE.finditer(text):
        parts += [_redact_plain(text[start : reference.start()]), reference.group(0)]
        start = reference.end()
    parts.append(_redact_plain(text[start:]))
    return "".join(parts)


def _redact_plain(text: str) -> str:
    masked = EMAIL.sub(EMAIL_TAG, text)
    masked = PERSONNUMMER.sub(_personnummer_or_keep, masked)
    return PHONE.sub(PHONE_TAG, masked)


def find_case_references(text: str) -> list[str]:
    """Case references in the order written, uppercased, without duplicates.

    Citizens type them in any case ("kc-2026-4f7k2q"); the database stores
    them uppercase, so lookups compare the uppercased form. A trailing hyphen
    (end of a sentence such as "KC-2026-4F7K2Q-") is not part of the reference.
    """
    found: list[str] = []
    for match in CASE_REFERENCE.finditer(text):
        reference = match.group(0).upper().rstrip("-")
        if len(reference) >= len("KC-") + 6 and reference not in found:
            found.append(reference)
    return found


def is_personnummer(century: str, short: str, separator: str, tail: str) -> bool:
    """Whether the digits form a plausible personnummer or samordningsnummer.

    The date must exist (samordningsnummer add 60 to the day). Without a
    separator or century a ten-digit run could be an invoice or customer
    number, so the Luhn check digit must also hold; with one, the shape is
    telling enough, and a mistyped check digit is still the citizen's number.
    """
    year, month, day = int(short[:2]), int(short[2:4]), int(short[4:6])
    if day > 60:
        day -= 60
    full_year = int(century + short[:2]) if century else 2000 + year
    if not _is_date(full_year, month, day):
        return False
    if not century and not separator:
        return luhn_valid(short + tail)
    return True


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by Swedish personnummer over YYMMDDNNNC."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _is_date(year: int, month: int, day: int) -> bool:
    """Whether year-month-day exists; leap years matter for 29 February."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _personnummer_or_keep(match: re.Match[str]) -> str:
    """Tag a personnummer; leave other digit runs for the phone pattern to judge."""
    century = match.group("century") or ""
    if is_personnummer(century, match.group("short"), match.group("sep"), match.group("tail")):
        return PERSONNUMMER_TAG
    return match.group(0)

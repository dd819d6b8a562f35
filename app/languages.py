"""The languages the city answers a case in: Swedish, English and, on request, the national minority languages.

The act on national minorities and minority languages (2009:724) gives Finnish,
Meänkieli, Sami, Romani chib and Yiddish speakers the right to be answered in
their language where the municipality is in an administrative area, and
Stockholm is one for Finnish. A case asks for one of these as its reply
language; anything else would promise a reply no officer can give.
"""

from __future__ import annotations

OFFERED_LANGUAGES: tuple[str, ...] = ("sv", "en", "fi", "fit", "se", "smj", "sma", "rom", "yi")

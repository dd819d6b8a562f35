"""The SLA calendar: when a promise of N working hours falls due, and how to say it.

Only opening hours count, in Europe/Stockholm local time. Decisions, made
explicitly:

- Closed days are Swedish public holidays *and* the de-facto closed days
  midsommarafton, julafton and nyårsafton. The `holidays` package files those
  three under its "de_facto" category, not "public"; the contact center is
  closed on them, so both categories are used.
- Sundays are *not* treated as holidays. `holidays.Sweden` counts every Sunday
  as a holiday by default; Äldre direkt is open on Sundays, so Sundays are
  closed only where a group's own hours leave them out.
- A holiday closes every group, including those with weekend hours: the
  taxonomy says "Swedish public holidays are closed days".
- The half days before some holidays ("from 2pm" in the bank calendar) keep
  their normal hours: the taxonomy publishes no shortened hours for them.
- Summer hours apply only to groups on the default office hours, from the
  Monday of midsummer week to the Friday before ISO week 34 (inclusive).
  Groups with hours of their own (Äldre direkt, Avfall) keep them all year,
  because their published hours have no summer variant.

All arithmetic is done in UTC, after turning each local opening span into
UTC instants, so daylight-saving changes never add or lose an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from app.taxonomy import AnswerGroup, OpeningSpan, Taxonomy, WeekHours

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_DAYS_AHEAD = 800  # a budget that does not fit in two years means a group without hours

SWEDISH_DAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
FINNISH_DAYS = ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai")
FINNISH_MONTHS = (
    "tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta",
    "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta",
)  # fmt: skip


@lru_cache(maxsize=64)
def closed_days(year: int) -> frozenset[date]:
    """Public holidays plus midsommarafton, julafton and nyårsafton of one year (never plain Sundays)."""
    calendar = holidays.country_holidays("SE", years=year, categories=("public", "de_facto"), include_sundays=False)
    return frozenset(calendar.keys())


def is_closed_day(day: date) -> bool:
    return day in closed_days(day.year)


def midsummer_eve(year: int) -> date:
    """Midsommarafton: the Friday between 19 and 25 June."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


def summer_period(year: int) -> tuple[date, date]:
    """First and last day (inclusive) of the summer hours: midsummer week's Monday to week 33's Friday."""
    first = midsummer_eve(year) - timedelta(days=4)
    last = date.fromisocalendar(year, 33, 5)
    return first, last


def is_summer(day: date) -> bool:
    first, last = summer_period(day.year)
    return first <= day <= last


@dataclass(frozen=True)
class SlaCalendar:
    """Opening hours of every answer group on any date, from the taxonomy."""

    taxonomy: Taxonomy

    def week_hours(self, group: AnswerGroup, day: date) -> WeekHours:
        """The group's hours that apply on this date: summer hours only replace the default office hours."""
        if group.hours == self.taxonomy.default_hours and is_summer(day):
            return self.taxonomy.summer_hours
        return group.hours

    def span_on(self, group: AnswerGroup, day: date) -> OpeningSpan | None:
        """The opening span on a local date, or None when the group is closed that day."""
        if is_closed_day(day):
            return None
        return self.week_hours(group, day).get(day.weekday())

    def open_interval(self, group: AnswerGroup, day: date) -> tuple[datetime, datetime] | None:
        """The day's opening span as UTC instants (DST-safe), or None when closed."""
        span = self.span_on(group, day)
        if span is None:
            return None
        opens = datetime.combine(day, span.opens, tzinfo=STOCKHOLM).astimezone(UTC)
        closes = datetime.combine(day, span.closes, tzinfo=STOCKHOLM).astimezone(UTC)
        return opens, closes

    def due_at(self, group: AnswerGroup, start: datetime, working_hours: float | None = None) -> datetime:
        """The instant when `working_hours` of the group's opening time have passed since `start`.

        Without `working_hours` the group's own SLA from the taxonomy is used.
        A budget that ends exactly at closing time is due at closing time, not
        at the next opening: the promise is kept the same day.
        """
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        hours = group.sla_working_hours if working_hours is None else working_hours
        remaining = timedelta(hours=hours)
        cursor = start.astimezone(UTC)
        day = cursor.astimezone(STOCKHOLM).date()
        for _ in range(MAX_DAYS_AHEAD):
            interval = self.open_interval(group, day)
            if interval is not None:
                begin, end = max(interval[0], cursor), interval[1]
                if begin <= end:
                    if begin + remaining <= end:
                        return begin + remaining
                    remaining -= end - begin
            day += timedelta(days=1)
        raise ValueError(f"answer group {group.id} has no opening hours within {MAX_DAYS_AHEAD} days")

    def working_time_between(self, group: AnswerGroup, start: datetime, end: datetime) -> timedelta:
        """Opening time that passed between two instants (for first-response and resolution figures)."""
        total = timedelta()
        day = start.astimezone(STOCKHOLM).date()
        last = end.astimezone(STOCKHOLM).date()
        while day <= last:
            interval = self.open_interval(group, day)
            if interval is not None:
                begin, finish = max(interval[0], start), min(interval[1], end)
                total += max(finish - begin, timedelta())
            day += timedelta(days=1)
        return total


def due_in_words(due_at: datetime, lang: str) -> str:
    """A due instant as a citizen reads it, in Stockholm time: "tisdag 25 november kl. 12.00".

    Swedish writes the time with a dot after "kl.", English with a colon;
    Finnish ("tiistai 25. marraskuuta klo 12.00") is there because the chat
    answers in Finnish too. Other languages get English.
    """
    local = due_at.astimezone(STOCKHOLM)
    if lang == "sv":
        day, month = SWEDISH_DAYS[local.weekday()], SWEDISH_MONTHS[local.month - 1]
        return f"{day} {local.day} {month} kl. {local:%H.%M}"
    if lang == "fi":
        day, month = FINNISH_DAYS[local.weekday()], FINNISH_MONTHS[local.month - 1]
        return f"{day} {local.day}. {month} klo {local:%H.%M}"
    day, month = ENGLISH_DAYS[local.weekday()], ENGLISH_MONTHS[local.month - 1]
    return f"{day} {local.day} {month} at {local:%H:%M}"

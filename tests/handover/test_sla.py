"""The SLA calendar: promised times over Friday afternoons, weekends, holidays, summer hours and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clock import FixedClock
from app.taxonomy import Taxonomy
from handover.service import HandoverService
from handover.sla import SlaCalendar, closed_days, due_in_words, is_summer, midsummer_eve, summer_period
from tests.handover.factories import STOCKHOLM, create_case

pytestmark = pytest.mark.unit


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture(scope="module")
def calendar(taxonomy: Taxonomy) -> SlaCalendar:
    return SlaCalendar(taxonomy)


def due(calendar: SlaCalendar, group: str, start: datetime, hours: float | None = None) -> datetime:
    return calendar.due_at(calendar.taxonomy.groups[group], start, hours).astimezone(STOCKHOLM)


class TestOrdinaryWeeks:
    def test_friday_afternoon_rolls_over_the_weekend(self, calendar: SlaCalendar) -> None:
        # Friday closes 16:00: two hours on Friday, six on Monday.
        assert due(calendar, "forskola", local(2026, 11, 20, 14)) == local(2026, 11, 23, 14)

    def test_friday_evening_starts_counting_on_monday_morning(self, calendar: SlaCalendar) -> None:
        assert due(calendar, "forskola", local(2026, 11, 20, 17)) == local(2026, 11, 23, 16)

    def test_a_budget_ending_at_closing_time_is_due_that_day(self, calendar: SlaCalendar) -> None:
        assert due(calendar, "forskola", local(2026, 11, 20, 8)) == local(2026, 11, 20, 16)

    def test_weekend_start_waits_for_monday(self, calendar: SlaCalendar) -> None:
        assert due(calendar, "forskola", local(2026, 11, 21, 11)) == local(2026, 11, 23, 16)

    def test_elderly_care_counts_its_weekend_hours(self, calendar: SlaCalendar) -> None:
        # Äldre direkt: Sat 10-14 (3 h left), Sun 10-14 (4 h), then one hour on Monday.
        assert due(calendar, "aldre", local(2026, 11, 21, 11)) == local(2026, 11, 23, 9)

    def test_waste_uses_its_own_longer_hours(self, calendar: SlaCalendar) -> None:
        # Avfall closes 16:15 on Fridays: 2 h 15 min on Friday, 5 h 45 min on Monday.
        assert due(calendar, "avfall", local(2026, 11, 20, 14)) == local(2026, 11, 23, 13, 45)

    def test_a_sixteen_hour_group_takes_two_working_days(self, calendar: SlaCalendar) -> None:
        assert due(calendar, "overformyndare", local(2026, 11, 23, 8)) == local(2026, 11, 24, 15, 30)  # 8.5 h + 7.5 h


class TestHolidays:
    def test_midsommarafton_and_midsommardagen_are_closed(self, calendar: SlaCalendar) -> None:
        # Thursday 18 June 2026 (summer hours, close 16:00): 1 h; Friday 19 (eve) closed; Monday 7 h.
        assert due(calendar, "forskola", local(2026, 6, 18, 15)) == local(2026, 6, 22, 15)

    def test_midsummer_closes_even_a_group_open_at_weekends(self, calendar: SlaCalendar) -> None:
        # Äldre: Thu 15-18 (3 h), Fri 19 eve and Sat 20 day closed, Sun 21 10-14 (4 h), Mon 1 h.
        assert due(calendar, "aldre", local(2026, 6, 18, 15)) == local(2026, 6, 22, 9)

    def test_jul_closes_julafton_juldagen_and_annandag(self, calendar: SlaCalendar) -> None:
        # Wed 23 Dec 2026: 4.5 h; 24-27 closed; Monday 28: 3.5 h.
        assert due(calendar, "forskola", local(2026, 12, 23, 12)) == local(2026, 12, 28, 11, 30)

    def test_jul_on_weekdays(self, calendar: SlaCalendar) -> None:
        # 2025: 24, 25, 26 December fall Wed-Fri.
        assert due(calendar, "forskola", local(2025, 12, 23, 14)) == local(2025, 12, 29, 13, 30)

    def test_nyar_closes_nyarsafton_and_nyarsdagen(self, calendar: SlaCalendar) -> None:
        # Wed 30 Dec 2026: 2.5 h; 31 Dec and 1 Jan closed; Monday 4 Jan 2027: 5.5 h.
        assert due(calendar, "forskola", local(2026, 12, 30, 14)) == local(2027, 1, 4, 13, 30)

    def test_trettondedagen_is_skipped(self, calendar: SlaCalendar) -> None:
        # Tue 5 Jan 2027 12:00, 16 h: Tue 4.5 h, Wed 6 Jan closed, Thu 8.5 h, Fri 3 h.
        assert due(calendar, "overformyndare", local(2027, 1, 5, 12)) == local(2027, 1, 8, 11)

    def test_easter_closes_even_elderly_care_on_easter_sunday(self, calendar: SlaCalendar) -> None:
        # Holy Saturday is open (not a public holiday); Easter Sunday and Monday are closed.
        assert due(calendar, "aldre", local(2026, 4, 4, 10)) == local(2026, 4, 7, 12)

    def test_de_facto_closed_days_are_in_the_calendar_but_plain_sundays_are_not(self) -> None:
        days = closed_days(2026)
        assert {date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)} <= days
        assert date(2026, 11, 22) not in days  # an ordinary Sunday


class TestSummerHours:
    def test_summer_period_runs_from_midsummer_week_monday_to_week_33_friday(self) -> None:
        assert midsummer_eve(2026) == date(2026, 6, 19)
        assert summer_period(2026) == (date(2026, 6, 15), date(2026, 8, 14))
        assert summer_period(2025) == (date(2025, 6, 16), date(2025, 8, 15))
        assert not is_summer(date(2026, 6, 14)) and is_summer(date(2026, 6, 15))
        assert is_summer(date(2026, 8, 14)) and not is_summer(date(2026, 8, 17))

    def test_summer_hours_shorten_the_office_day(self, calendar: SlaCalendar) -> None:
        before = due(calendar, "forskola", local(2026, 6, 8, 10))  # ordinary Monday: closes 16:30
        during = due(calendar, "forskola", local(2026, 6, 15, 10))  # midsummer week: closes 16:00
        assert before == local(2026, 6, 9, 9, 30)
        assert during == local(2026, 6, 16, 10)

    def test_summer_ends_after_week_33(self, calendar: SlaCalendar) -> None:
        # Fri 14 Aug (summer, closes 15:00): 1 h; Mon 17 Aug ordinary 8.5 h; Tue 6.5 h.
        assert due(calendar, "overformyndare", local(2026, 8, 14, 14)) == local(2026, 8, 18, 14, 30)

    def test_groups_with_their_own_hours_keep_them_in_summer(self, calendar: SlaCalendar) -> None:
        assert due(calendar, "aldre", local(2026, 6, 16, 10)) == local(2026, 6, 16, 18)


class TestDaylightSaving:
    def test_spring_forward_weekend_loses_no_working_hour(self, calendar: SlaCalendar) -> None:
        result = calendar.due_at(calendar.taxonomy.groups["forskola"], local(2026, 3, 27, 14))
        assert result == datetime(2026, 3, 30, 12, 0, tzinfo=UTC)  # 14:00 CEST

    def test_fall_back_weekend_gains_no_working_hour(self, calendar: SlaCalendar) -> None:
        result = calendar.due_at(calendar.taxonomy.groups["forskola"], local(2026, 10, 23, 14))
        assert result == datetime(2026, 10, 26, 13, 0, tzinfo=UTC)  # 14:00 CET

    def test_open_on_the_dst_sunday_itself(self, calendar: SlaCalendar) -> None:
        # Äldre: Sat 28 March 10-14 (4 h), Sun 29 March 10-14 CEST (4 h).
        assert due(calendar, "aldre", local(2026, 3, 28, 10)) == local(2026, 3, 29, 14)


class TestWords:
    def test_swedish_english_and_finnish(self) -> None:
        at = local(2025, 11, 25, 12)
        assert due_in_words(at, "sv") == "tisdag 25 november kl. 12.00"
        assert due_in_words(at, "en") == "Tuesday 25 November at 12:00"
        assert due_in_words(at, "fi") == "tiistai 25. marraskuuta klo 12.00"

    def test_words_are_in_stockholm_time_whatever_the_zone_given(self) -> None:
        assert due_in_words(datetime(2026, 7, 1, 6, 5, tzinfo=UTC), "sv") == "onsdag 1 juli kl. 08.05"

    def test_other_languages_get_english(self) -> None:
        assert due_in_words(local(2026, 1, 2, 9), "so") == "Friday 2 January at 09:00"


class TestServiceUsesTheClock:
    def test_a_case_created_on_friday_afternoon_is_due_on_monday(
        self, service: HandoverService, clock: FixedClock
    ) -> None:
        clock.set(local(2026, 11, 20, 15, 30))
        receipt = create_case(service)
        assert receipt.due_at.astimezone(STOCKHOLM) == local(2026, 11, 23, 15, 30)


GROUPS = ["forskola", "aldre", "avfall", "overformyndare"]


@settings(max_examples=300, deadline=None)
@given(
    group=st.sampled_from(GROUPS),
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(UTC)),
    minutes=st.integers(min_value=1, max_value=40 * 60),
)
def test_due_time_spends_exactly_the_budget_inside_opening_hours(
    calendar: SlaCalendar, group: str, start: datetime, minutes: int
) -> None:
    answer_group = calendar.taxonomy.groups[group]
    budget = timedelta(minutes=minutes)
    result = calendar.due_at(answer_group, start, budget.total_seconds() / 3600)
    assert result > start
    assert calendar.working_time_between(answer_group, start, result) == budget
    interval = calendar.open_interval(answer_group, result.astimezone(STOCKHOLM).date())
    assert interval is not None and interval[0] < result <= interval[1]

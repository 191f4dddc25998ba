"""Working-day arithmetic: weekends, Tết, year ends, make-up Saturdays, pauses, holiday files."""

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from wardportal.kernel.working_days import DEFAULT_HOLIDAYS_PATH, WorkingCalendar, load_calendar

CAL = load_calendar()

# Shipped data spans 2024–2027; the range runs a little past it so the ends are exercised too.
dates = st.dates(min_value=date(2023, 10, 1), max_value=date(2028, 3, 31))


def brute_force_count(cal, a, b):
    """Working days in (a, b] counted one day at a time, as an independent check."""
    return sum(cal.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


# --- is_working_day / next_working_day ---------------------------------------------------------

def test_weekdays_work_and_weekends_do_not():
    """An ordinary week: Monday–Friday work, Saturday and Sunday do not."""
    week = [date(2025, 3, 3) + timedelta(days=i) for i in range(7)]
    assert [CAL.is_working_day(d) for d in week] == [True] * 5 + [False] * 2


@pytest.mark.parametrize("day", [
    date(2024, 1, 1), date(2024, 2, 14), date(2025, 1, 31), date(2025, 4, 7), date(2025, 5, 2),
    date(2025, 9, 1), date(2026, 1, 2), date(2026, 2, 16), date(2026, 2, 20), date(2026, 4, 27),
    date(2026, 9, 2), date(2027, 5, 3),
])
def test_holidays_and_compensatory_days_are_not_working(day):
    """Public holidays, swapped days and compensatory days-off that fall on weekdays are days off."""
    assert day.weekday() < 5
    assert not CAL.is_working_day(day)
    assert CAL.holiday_name(day)


@pytest.mark.parametrize("day", [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10)])
def test_make_up_saturdays_are_working(day):
    """A Saturday swapped to working counts as a working day."""
    assert day.weekday() == 5
    assert CAL.is_working_day(day)


def test_next_working_day_skips_tet_2026():
    """The Friday before Tết Bính Ngọ is followed by the Monday after the 9-day break."""
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert CAL.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)


def test_next_working_day_is_strictly_after():
    """next_working_day never returns the day itself."""
    assert CAL.next_working_day(date(2025, 3, 4)) == date(2025, 3, 5)


# --- add_working_days ------------------------------------------------------------------------

def test_receipt_day_is_not_counted():
    """A dossier received on Tuesday with 1 working day is due Wednesday."""
    assert CAL.add_working_days(date(2025, 3, 4), 1) == date(2025, 3, 5)


def test_friday_receipt_runs_over_the_weekend():
    """Received Friday, 3 working days: Monday, Tuesday, Wednesday."""
    assert CAL.add_working_days(date(2025, 3, 7), 3) == date(2025, 3, 12)


def test_weekend_receipt_is_deemed_received_next_working_day():
    """Received Saturday counts as received Monday: 1 day is due Tuesday, 0 days on Monday."""
    saturday = date(2025, 3, 8)
    assert CAL.add_working_days(saturday, 0) == date(2025, 3, 10)
    assert CAL.add_working_days(saturday, 1) == date(2025, 3, 11)
    assert CAL.add_working_days(date(2025, 3, 9), 1) == CAL.add_working_days(date(2025, 3, 10), 1)


def test_holiday_receipt_is_deemed_received_next_working_day():
    """Received on a Tết day (2025) counts as received on Monday 3 February."""
    assert CAL.add_working_days(date(2025, 1, 29), 0) == date(2025, 2, 3)
    assert CAL.add_working_days(date(2025, 1, 29), 2) == date(2025, 2, 5)


def test_zero_days_means_due_on_the_receipt_day():
    """A same-day procedure received on a working day is due that day."""
    assert CAL.add_working_days(date(2025, 3, 4), 0) == date(2025, 3, 4)


def test_tet_2025_is_skipped():
    """Received Friday 24 January 2025, 3 working days: 3, 4, 5 February after Tết Ất Tỵ."""
    assert CAL.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_tet_2024_is_skipped():
    """Received Wednesday 7 February 2024, 1 working day: Thursday 15 February (off 8–14)."""
    assert CAL.add_working_days(date(2024, 2, 7), 1) == date(2024, 2, 15)


def test_year_end_2025_into_2026():
    """Received 31 December 2025: 1–2 January off, weekend, so 1 day is due Monday 5 January."""
    assert CAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert CAL.add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 6)


def test_year_end_2026_into_2027():
    """Received Thursday 31 December 2026: 1 January 2027 (Friday) off, so due Monday 4 January."""
    assert CAL.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_make_up_saturday_can_be_a_due_date():
    """Received Friday 9 January 2026, 1 working day: the make-up Saturday 10 January."""
    assert CAL.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert CAL.add_working_days(date(2026, 1, 9), 2) == date(2026, 1, 12)


def test_april_may_2025_swap():
    """Around 30/4–1/5/2025: Saturday 26 April works, 30 April–2 May are off."""
    assert CAL.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert CAL.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_negative_n_counts_back():
    """Two working days before a Monday due date is the previous Thursday (for due-soon alerts)."""
    assert CAL.add_working_days(date(2025, 3, 10), -2) == date(2025, 3, 6)
    assert CAL.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)


# --- working_days_between ----------------------------------------------------------------------

def test_between_same_day_is_zero():
    """A result ready on the due date is 0 days late."""
    assert CAL.working_days_between(date(2025, 3, 7), date(2025, 3, 7)) == 0


def test_between_counts_days_late_and_early():
    """Due Friday: ready Tuesday after is 2 late, ready Wednesday before is 2 early."""
    due = date(2025, 3, 7)
    assert CAL.working_days_between(due, date(2025, 3, 11)) == 2
    assert CAL.working_days_between(due, date(2025, 3, 5)) == -2


def test_result_on_weekend_after_due_is_late():
    """Due Friday, ready Saturday: counts as Monday, 1 working day late."""
    assert CAL.working_days_between(date(2025, 3, 7), date(2025, 3, 8)) == 1


def test_result_on_weekend_before_due_is_on_time():
    """Due Monday, ready the Sunday before: 0 days, on time."""
    assert CAL.working_days_between(date(2025, 3, 10), date(2025, 3, 9)) == 0


def test_between_across_tet_and_year_end():
    """Spans over Tết 2026 and the 2025/2026 year end count only working days."""
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert CAL.working_days_between(date(2025, 12, 31), date(2026, 1, 5)) == 1


def test_between_matches_brute_force_over_a_whole_year():
    """The bisect-based count equals a day-by-day count for 2026."""
    assert CAL.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == \
        brute_force_count(CAL, date(2025, 12, 31), date(2026, 12, 31))


# --- properties ------------------------------------------------------------------------------

@given(dates, st.integers(min_value=-120, max_value=120))
def test_between_inverts_add(start, n):
    """working_days_between(d, add_working_days(d, n)) == n for any start, weekend or not."""
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(dates, st.integers(min_value=-120, max_value=120))
def test_results_are_working_days(start, n):
    """A due date is always a working day."""
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(dates, st.integers(min_value=-120, max_value=119))
def test_add_is_strictly_monotonic_in_n(start, n):
    """One more working day always gives a later due date."""
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@given(dates, dates)
def test_between_matches_brute_force_and_is_antisymmetric(a, b):
    """The signed count equals a day-by-day count between effective days and flips sign."""
    ea, eb = CAL.effective_day(a), CAL.effective_day(b)
    expected = brute_force_count(CAL, ea, eb) if eb >= ea else -brute_force_count(CAL, eb, ea)
    assert CAL.working_days_between(a, b) == expected
    assert CAL.working_days_between(b, a) == -expected


# --- pauses ----------------------------------------------------------------------------------

RECEIVED = date(2025, 3, 3)  # Monday; 5 working days → due Monday 10 March


def test_no_pause_is_plain_due_date():
    """Without pauses the due date is add_working_days."""
    assert CAL.due_date_with_pauses(RECEIVED, 5, []) == date(2025, 3, 10)


def test_pause_keeps_used_days_and_counts_rest_from_resubmission():
    """Stopped Wednesday (2 days used), resubmitted Monday 10th: 3 left → Thursday 13th."""
    assert CAL.due_date_with_pauses(RECEIVED, 5, [(date(2025, 3, 5), date(2025, 3, 10))]) == date(2025, 3, 13)


def test_request_on_receipt_day_restarts_full_limit():
    """Documents asked for on the day of receipt: all 5 days run from the resubmission."""
    pauses = [(RECEIVED, date(2025, 3, 5))]
    assert CAL.due_date_with_pauses(RECEIVED, 5, pauses) == CAL.add_working_days(date(2025, 3, 5), 5)


def test_open_pause_has_no_due_date():
    """While documents are still awaited there is no due date."""
    assert CAL.due_date_with_pauses(RECEIVED, 5, [(date(2025, 3, 5), None)]) is None


def test_two_pauses():
    """Used 1 day, then 2 more, leaving 2 after the second resumption on Monday 24th."""
    pauses = [(date(2025, 3, 4), date(2025, 3, 12)), (date(2025, 3, 14), date(2025, 3, 24))]
    assert CAL.due_date_with_pauses(RECEIVED, 5, pauses) == date(2025, 3, 26)


def test_pause_after_due_date_does_not_extend_it():
    """A request made after the limit ran out leaves the original (missed) due date."""
    pauses = [(date(2025, 3, 11), date(2025, 3, 20))]
    assert CAL.due_date_with_pauses(RECEIVED, 5, pauses) == date(2025, 3, 10)


def test_pause_on_due_date_moves_it_to_resubmission_day():
    """A request made on the due date leaves 0 days: due on the (working) resubmission day."""
    pauses = [(date(2025, 3, 10), date(2025, 3, 17))]
    assert CAL.due_date_with_pauses(RECEIVED, 5, pauses) == date(2025, 3, 17)


def test_pause_across_tet_counts_no_holiday():
    """Stopped before Tết 2026 and resumed after it: the holiday costs the office nothing."""
    received = date(2026, 2, 9)  # Monday, 4 days
    pauses = [(date(2026, 2, 10), date(2026, 2, 23))]  # 1 used; 3 left from Monday 23rd
    assert CAL.due_date_with_pauses(received, 4, pauses) == date(2026, 2, 26)


def test_weekend_stop_uses_no_extra_day():
    """Stopped on a Saturday, the Monday after is not counted as used."""
    pauses = [(date(2025, 3, 8), date(2025, 3, 12))]  # used Tue–Fri = 4, 1 left from Wednesday 12th
    assert CAL.due_date_with_pauses(RECEIVED, 5, pauses) == date(2025, 3, 13)


@pytest.mark.parametrize("pauses", [
    [(date(2025, 3, 1), date(2025, 3, 5))],                                        # before receipt
    [(date(2025, 3, 6), date(2025, 3, 5))],                                        # resumes before stopping
    [(date(2025, 3, 4), date(2025, 3, 10)), (date(2025, 3, 6), date(2025, 3, 12))],  # overlap
    [(date(2025, 3, 4), None), (date(2025, 3, 6), date(2025, 3, 12))],             # open pause not last
])
def test_invalid_pauses_are_refused(pauses):
    """Pauses out of order, overlapping or open mid-list raise ValueError."""
    with pytest.raises(ValueError, match="pause"):
        CAL.due_date_with_pauses(RECEIVED, 5, pauses)


def test_negative_processing_time_is_refused():
    """A negative limit is a data error."""
    with pytest.raises(ValueError, match="negative"):
        CAL.due_date_with_pauses(RECEIVED, -1, [])


@given(dates, st.integers(min_value=0, max_value=60), st.data())
def test_pauses_never_bring_the_due_date_forward(received, days, data):
    """Any closed pause gives a due date on or after the unpaused one."""
    stop = data.draw(st.dates(min_value=received, max_value=received + timedelta(days=120)))
    resume = data.draw(st.dates(min_value=stop, max_value=stop + timedelta(days=60)))
    plain = CAL.add_working_days(received, days)
    paused = CAL.due_date_with_pauses(received, days, [(stop, resume)])
    assert paused >= plain
    assert CAL.is_working_day(paused)


# --- shipped data and loading ----------------------------------------------------------------

def test_shipped_data_covers_2024_to_2027_and_names_its_source():
    """Four years are shipped, with a note to check each year's official announcement."""
    data = json.loads(DEFAULT_HOLIDAYS_PATH.read_text(encoding="utf-8"))
    assert "thông báo chính thức" in data["source"]
    assert {2024, 2025, 2026, 2027} <= CAL.years


@pytest.mark.parametrize("lunar_new_year", [date(2024, 2, 10), date(2025, 1, 29), date(2026, 2, 17),
                                            date(2027, 2, 6)])
def test_tet_gives_five_weekday_days_off(lunar_new_year):
    """Each Tết has the lunar new year day listed and at least five weekdays off around it."""
    assert "mùng 1" in CAL.holiday_name(lunar_new_year)
    window = [lunar_new_year + timedelta(days=i) for i in range(-6, 9)]
    assert sum(1 for d in window if d.weekday() < 5 and not CAL.is_working_day(d)) >= 5


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_fixed_holidays_present_each_year(year):
    """1/1, 30/4, 1/5 and 2/9 plus an adjacent day are listed every year."""
    for month, day in [(1, 1), (4, 30), (5, 1), (9, 2)]:
        assert CAL.holiday_name(date(year, month, day)), (year, month, day)
    assert CAL.holiday_name(date(year, 9, 1)) or CAL.holiday_name(date(year, 9, 3))


@pytest.mark.parametrize("hung_kings", [date(2024, 4, 18), date(2025, 4, 7), date(2026, 4, 26),
                                        date(2027, 4, 16)])
def test_hung_kings_day_on_the_10th_of_the_third_lunar_month(hung_kings):
    """Giỗ Tổ Hùng Vương is listed on its solar date."""
    assert "Hùng Vương" in CAL.holiday_name(hung_kings)


def write(tmp_path, data):
    """Write a per-install holidays file and return its path."""
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_extra_file_adds_days_off(tmp_path):
    """A ward adds a day-off announced later (e.g. 24/11/2026) without repeating the year."""
    path = write(tmp_path, {"2026": {"holidays": [{"date": "2026-11-24", "name": "Ngày Văn hóa Việt Nam"}]}})
    cal = load_calendar(path)
    assert not cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2026, 9, 2))  # shipped entries stay
    assert CAL.is_working_day(date(2026, 11, 24))     # the default calendar is untouched


def test_extra_file_replaces_a_year(tmp_path):
    """With "replace": true the shipped entries of that year are dropped (correcting a guess)."""
    path = write(tmp_path, {"2027": {"replace": True,
                                     "holidays": [{"date": "2027-01-01", "name": "Tết Dương lịch"}],
                                     "working_saturdays": [{"date": "2027-01-09", "name": "Làm bù"}]}})
    cal = load_calendar(path)
    assert cal.is_working_day(date(2027, 2, 8))
    assert cal.is_working_day(date(2027, 1, 9))
    assert not cal.is_working_day(date(2027, 1, 1))
    assert not cal.is_working_day(date(2026, 2, 17))  # other years untouched


def test_extra_file_adds_a_new_year(tmp_path):
    """A year not shipped can be added."""
    path = write(tmp_path, {"2028": {"holidays": [{"date": "2028-01-03", "name": "Nghỉ bù"}]}})
    cal = load_calendar(path)
    assert 2028 in cal.years and not cal.is_working_day(date(2028, 1, 3))


def test_missing_extra_file_is_ignored(tmp_path):
    """The per-install file is optional."""
    assert load_calendar(tmp_path / "none.json").holidays == CAL.holidays


@pytest.mark.parametrize("data, message", [
    ({"2026": {"holidays": [{"date": "2026-02-30", "name": "x"}]}}, r"2026\.holidays\[0\].*2026-02-30"),
    ({"2026": {"holidays": [{"date": "2027-01-01", "name": "x"}]}}, r"2026\.holidays\[0\].*not in 2026"),
    ({"2026": {"holidays": [{"date": "2026-03-02"}]}}, r"2026\.holidays\[0\]"),
    ({"2026": {"holidays": [{"date": "2026-03-02", "name": " "}]}}, r"2026\.holidays\[0\].*name"),
    ({"2026": {"holidays": [{"date": "2026-03-02", "name": "a"}, {"date": "2026-03-02", "name": "b"}]}},
     r"holidays\[1\].*twice"),
    ({"2026": {"working_saturdays": [{"date": "2026-03-02", "name": "x"}]}}, "not a Saturday"),
    ({"2026": {"working_saturdays": [{"date": "2026-02-21", "name": "x"}],
               "holidays": [{"date": "2026-02-21", "name": "y"}]}}, "both a holiday"),
    ({"2026": {"holiday": []}}, "unexpected key"),
    ({"26": {}}, "unexpected key '26'"),
    ({"2026": {"holidays": {}}}, "must be a list"),
    ({"2026": {"replace": "yes"}}, "replace"),
    ([], "JSON object"),
])
def test_malformed_extra_file_names_the_entry(tmp_path, data, message):
    """Every malformed entry is refused with a ValueError that says where it is."""
    path = write(tmp_path, data)
    with pytest.raises(ValueError, match=message):
        load_calendar(path)


def test_invalid_json_names_the_file(tmp_path):
    """A file that is not JSON is refused with its path in the message."""
    path = tmp_path / "holidays.json"
    path.write_text("{\"2026\": ", encoding="utf-8")
    with pytest.raises(ValueError, match="holidays.json: not valid JSON"):
        load_calendar(path)


def test_calendar_without_data_counts_weekdays_only():
    """A bare calendar knows weekends only; years lists what it has data for."""
    cal = WorkingCalendar()
    assert cal.years == frozenset()
    assert cal.add_working_days(date(2030, 1, 4), 1) == date(2030, 1, 7)

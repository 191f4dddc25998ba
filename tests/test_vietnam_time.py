"""Vietnam's dates everywhere, and a year without holiday data refused loudly (issue 12)."""

import json
import logging
import os
from datetime import date, datetime, timezone

import pytest

from wardportal.dossiers import submissions, workflow
from wardportal.kernel.extensions import db
from wardportal.kernel import working_days
from wardportal.kernel.i18n import short_date
from wardportal.kernel.times import local_day
from wardportal.kernel.working_days import (MissingHolidayData, load_calendar, missing_holiday_years,
    warn_missing_holidays)

from .apply_support import APPLICANT
from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)

LATE_2027 = datetime(2027, 12, 28, 3, 0, tzinfo=timezone.utc)  # Tuesday 28 December 2027, 10:00 in Hà Nội
HOLIDAYS_2028 = {"2028": {"holidays": [{"date": "2028-01-01", "name": "Tết Dương lịch"},
                                        {"date": "2028-01-03", "name": "Nghỉ bù Tết Dương lịch"}], "source": "test"}}


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-gio")


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer", full_name="Lê Thị Hoa")


def test_strict_calendar_refuses_a_year_it_has_no_data_for():
    """The shipped data ends with 2027: a deadline running into 2028 is refused, not counted blindly."""
    calendar = load_calendar(strict=True)
    assert calendar.add_working_days(date(2027, 12, 20), 3) == date(2027, 12, 23)
    with pytest.raises(MissingHolidayData) as missing:
        calendar.add_working_days(date(2027, 12, 28), 5)
    assert missing.value.year == 2028
    assert load_calendar().add_working_days(date(2027, 12, 28), 5) == date(2028, 1, 4)  # lenient for tools


def test_receive_is_refused_until_the_year_is_added_then_the_file_is_reloaded(app, ward, officer):
    """Receiving late in 2027 with a 5-day limit needs 2028's days-off; adding the file fixes it, no restart."""
    dossier = make_dossier(ward, processing_days=5)
    with pytest.raises(workflow.WorkflowError, match="2028"):
        workflow.receive(dossier, officer, now=LATE_2027)
    db.session.rollback()
    assert dossier.status == 1 and dossier.due_date is None
    path = os.path.join(app.instance_path, "holidays.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(HOLIDAYS_2028, handle)
    workflow.receive(dossier, officer, now=LATE_2027)
    assert dossier.due_date == date(2028, 1, 5)  # Wed 29, Thu 30, Fri 31, (Mon 3 off) Tue 4, Wed 5
    assert missing_holiday_years() in ([], [2028])


def test_counter_registration_refused_without_the_years_data(app, make, ward, officer):
    """The desk's on-the-spot receipt is refused with a clear message, and nothing is stored."""
    procedure = make.procedure(ward, processing_days=5)
    with pytest.raises(submissions.SubmissionRefused) as refused:
        submissions.register_counter_dossier(ward, procedure, APPLICANT, [], officer=officer, now=LATE_2027)
    assert "2028" in str(refused.value.errors["procedure"])
    assert db.session.scalar(db.select(db.func.count()).select_from(workflow.Dossier)) == 0


def test_admins_and_officers_are_told_and_the_start_up_warns(app, client, ward, officer, monkeypatch, caplog):
    """With Vietnam's today in late 2027, next year's missing data is on the staff page and in the log."""
    monkeypatch.setattr(working_days, "vietnam_today", lambda: date(2027, 12, 1))
    assert missing_holiday_years() == [2028]
    with caplog.at_level(logging.WARNING, logger="wardportal"):
        warn_missing_holidays(app)
    assert "no holiday data for 2028" in caplog.text
    assert login(client, officer.email).status_code == 302
    page = client.get(f"/{ward.slug}/can-bo/").get_data(as_text=True)
    assert "Chưa có dữ liệu ngày nghỉ lễ của năm 2028" in page


def test_dates_shown_are_vietnams():
    """A moment stored in UTC late in the evening is already the next day in Vietnam."""
    with_app_free_locale = datetime(2026, 11, 23, 20, 30, tzinfo=timezone.utc)  # 03:30 on the 24th in Hà Nội
    from flask import Flask
    from flask_babel import Babel
    app = Flask(__name__)
    Babel(app, locale_selector=lambda: "vi")
    with app.test_request_context():
        assert short_date(with_app_free_locale) == "24/11/2026"
        assert short_date(date(2026, 11, 23)) == "23/11/2026"
    assert local_day(with_app_free_locale) == date(2026, 11, 24)

"""The desk for a busy officer: actions first, confirmations, readable history, counts, the 8-hour clock."""

from datetime import datetime, timedelta, timezone

import pytest

from wardportal.dossiers import acceptance_clock, workflow
from wardportal.dossiers.acceptance_clock import ACCEPTANCE_MINUTES, DEFAULT_OFFICE_HOURS, add_working_minutes
from wardportal.kernel.times import VIETNAM_TZ, local_day
from wardportal.kernel.working_days import current_calendar, load_calendar
from wardportal.stats import transparency

from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)

VN = VIETNAM_TZ


def vn(*args) -> datetime:
    """A Vietnam wall-clock moment as UTC, the way the database keeps moments."""
    return datetime(*args, tzinfo=VN).astimezone(timezone.utc)


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-hai")


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer", full_name="Lê Thị Hoa")


@pytest.fixture
def signed_in(client, officer):
    assert login(client, officer.email).status_code == 302
    return client


def test_eight_working_hours_skip_lunch_evenings_and_weekends():
    """Friday 16:00 + 8 working hours = Monday 16:00 (1.5 h Friday, 4 h Monday morning, 2.5 h after lunch)."""
    calendar = load_calendar()
    friday = datetime(2026, 11, 27, 16, 0, tzinfo=VN)
    assert add_working_minutes(friday, ACCEPTANCE_MINUTES, calendar, DEFAULT_OFFICE_HOURS) == \
        datetime(2026, 11, 30, 16, 0, tzinfo=VN)
    evening = datetime(2026, 11, 24, 18, 13, tzinfo=VN)  # a Tuesday evening: counted from Wednesday 07:30
    assert add_working_minutes(evening, ACCEPTANCE_MINUTES, calendar, DEFAULT_OFFICE_HOURS) == \
        datetime(2026, 11, 25, 17, 30, tzinfo=VN)
    # New Year's Day 2027 is a holiday: a dossier sent on it starts on Monday 4 January.
    holiday = datetime(2027, 1, 1, 9, 0, tzinfo=VN)
    assert add_working_minutes(holiday, 60, calendar, DEFAULT_OFFICE_HOURS) == datetime(2027, 1, 4, 8, 30, tzinfo=VN)


def test_queue_shows_the_clock_and_the_alert(signed_in, ward, app):
    """A dossier sent online long ago is past its 8 hours: flagged in the queue, on the alerts page, on the page."""
    old = make_dossier(ward, submitted_at=datetime.now(timezone.utc) - timedelta(days=10))
    counter = make_dossier(ward, channel="counter", submitted_at=datetime.now(timezone.utc) - timedelta(days=10))
    queue = signed_in.get("/phuong-hai/can-bo/ho-so/").get_data(as_text=True)
    assert "Quá 8 giờ làm việc để tiếp nhận" in queue
    assert "1 hồ sơ trực tuyến sắp hết hoặc đã quá 8 giờ làm việc để tiếp nhận" in queue
    alerts = signed_in.get("/phuong-hai/can-bo/canh-bao").get_data(as_text=True)
    section = alerts.split('id="alert-acceptance"', 1)[1].split("</section>", 1)[0]
    assert old.code in section and counter.code not in section
    page = signed_in.get(f"/phuong-hai/can-bo/ho-so/{old.id}").get_data(as_text=True)
    assert "Quá 8 giờ làm việc để tiếp nhận" in page


def test_clock_warns_before_it_runs_out(app, ward):
    """With less than two working hours left the clock is a warning; before that it is fine."""
    calendar = load_calendar()
    submitted = vn(2026, 11, 25, 7, 30)  # Wednesday at opening: due at 17:30
    dossier = make_dossier(ward, submitted_at=submitted)
    fine = acceptance_clock.acceptance_clock(dossier, datetime(2026, 11, 25, 10, 0, tzinfo=VN), calendar)
    assert fine.state == "ok" and (fine.hours_left, fine.extra_minutes) == (5, 30)
    warning = acceptance_clock.acceptance_clock(dossier, datetime(2026, 11, 25, 16, 0, tzinfo=VN), calendar)
    assert warning.state == "warning" and warning.minutes_left == 90
    late = acceptance_clock.acceptance_clock(dossier, datetime(2026, 11, 26, 8, 0, tzinfo=VN), calendar)
    assert late.state == "overdue"


def test_figures_count_dossiers_decided_within_eight_hours(app, ward, officer):
    """One received within the hours, one refused after: 1 of 2 in the published figures."""
    quick = make_dossier(ward, submitted_at=vn(2026, 11, 25, 8, 0))
    workflow.receive(quick, officer, now=vn(2026, 11, 25, 10, 0))
    slow = make_dossier(ward, submitted_at=vn(2026, 11, 25, 8, 0))
    workflow.refuse(slow, officer, reasons=["Sai thủ tục"], now=vn(2026, 11, 27, 10, 0))
    figures = transparency.online_acceptance_figures(ward, datetime(2026, 1, 1, tzinfo=VIETNAM_TZ),
                                                     datetime(2027, 1, 1, tzinfo=VIETNAM_TZ),
                                                     load_calendar())
    assert (figures.decided, figures.within) == (2, 1) and figures.rate == 50


def test_dossier_page_puts_actions_first_and_confirms_final_steps(signed_in, ward):
    """The actions come before the applicant and files; refusing needs an explicit confirmation button."""
    dossier = make_dossier(ward, delivery_method="office", processing_days=0)
    page = signed_in.get(f"/phuong-hai/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert page.index('id="actions-title"') < page.index('id="applicant-title"') < page.index('id="files-title"')
    refuse = page.split('id="action-refuse"', 1)[1].split("</details>\n  </form>", 1)[0]
    assert 'class="confirm"' in refuse and "Xác nhận: Từ chối tiếp nhận" in refuse
    assert "Tại Bộ phận Một cửa" in page and ">office<" not in page
    assert "Trong ngày làm việc" in page and "0 ngày làm việc" not in page


def test_history_names_the_applicant_for_their_uploads(signed_in, ward, officer, app):
    """A supplement uploaded by the resident reads as theirs, not as a note "sent to the applicant"."""
    import io

    from wardportal.dossiers.workflow import MissingItem, open_document_request

    from .workflow_factories import PDF

    dossier = make_dossier(ward)
    workflow.receive(dossier, officer)
    workflow.request_documents(dossier, officer, missing=[MissingItem("Bản sao CCCD")])
    item = open_document_request(dossier).items[0]
    workflow.attach_supplement(dossier, item.id, stream=io.BytesIO(PDF), filename="cccd.pdf")
    page = signed_in.get(f"/phuong-hai/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    history = page.split('id="history-title"', 1)[1]
    assert "Người nộp đã tải lên: Bản sao CCCD" in history and "Gửi người nộp: Bản sao CCCD" not in history
    assert "Người nộp hồ sơ" in history and "Lê Thị Hoa" in history


def test_dashboard_counts_and_due_soon_includes_not_yet_received(signed_in, ward, officer):
    """New, due today, overdue, waiting; a submitted dossier due tomorrow is in "due soon"."""
    today = local_day(datetime.now(timezone.utc))
    make_dossier(ward, due_date=today)
    make_dossier(ward, due_date=today - timedelta(days=3))
    waiting = make_dossier(ward)
    workflow.receive(waiting, officer)
    workflow.request_documents(waiting, officer, missing=[workflow.MissingItem("Giấy tờ")])
    page = signed_in.get("/phuong-hai/can-bo/").get_data(as_text=True)
    counts = page.split('class="dashboard-counts"', 1)[1].split("</dl>", 1)[0]
    numbers = [int(part.split("</dd>", 1)[0]) for part in counts.split("<dd>")[1:]]
    assert numbers == [2, 1, 1, 1]
    soon = current_calendar().add_working_days(today, 1)
    upcoming = make_dossier(ward, due_date=soon)
    alerts = signed_in.get("/phuong-hai/can-bo/canh-bao").get_data(as_text=True)
    assert upcoming.code in alerts.split("Sắp đến hạn", 1)[1]

"""Issue 24, item 12: every CSV download goes through one writer, whose formula guard quotes only the cells
that a spreadsheet would run (= + - @ TAB CR at the start) and leaves empty cells empty."""

import csv
import io
import re
from datetime import date, datetime, timezone
from pathlib import Path

import wardportal
from wardportal.kernel.csv_export import formula_safe
from wardportal.stats.views import TABLES

from .workflow_factories import make_dossier

PACKAGE = Path(wardportal.__file__).parent
FEBRUARY = "ky=thang&nam=2026&thang=2"
HOSTILE_TITLE = "=HYPERLINK(\"http://x\")"


def at(day):
    return datetime(day.year, day.month, day.day, 3, tzinfo=timezone.utc)


def _csv_urls(app, ward_slug: str) -> list[str]:
    """Every URL of every CSV endpoint: each rule's ward slug and table filled in (an argument this test
    does not know fails it, so a new CSV endpoint is added here, not missed)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.endswith(".csv"):
            continue
        if "key" in rule.arguments:  # the staff's sample bank statements: fixed content in a layout's own
            continue                 # delimiter, read back in tests/test_statement_layouts.py
        unknown = set(rule.arguments) - {"ward_slug", "table"}
        assert not unknown, f"{rule.rule}: teach this test the arguments {unknown}"
        for table in TABLES:
            path = rule.rule.replace("<ward_slug>", ward_slug).replace("<table>", table)
            urls.append(f"{path}?{FEBRUARY}")
    return urls


def test_every_csv_endpoint_quotes_formulas_and_leaves_empty_cells_empty(app, client, make):
    ward = make.ward(slug="phuong-lam", name="-Phường Lâm")
    resolved = make.procedure(ward, code="1.001193", title=HOSTILE_TITLE)
    waiting = make.procedure(ward, code="1.000894", title="@Đăng ký khai tử")
    # resolved without a rating (empty satisfaction), and one still waiting (empty processing time)
    make_dossier(ward, resolved, status=10, received_at=at(date(2026, 2, 2)), due_date=date(2026, 2, 5),
                 result_ready_at=at(date(2026, 2, 4)))
    make_dossier(ward, waiting, status=2, received_at=at(date(2026, 2, 3)), due_date=date(2026, 2, 6))
    urls = _csv_urls(app, "phuong-lam")
    assert len(urls) == 2 * len(TABLES)  # a ward's and the province's tables
    served, cells = 0, []
    for url in urls:
        response = client.get(url)
        if response.status_code == 404:  # the ranking is the province's only
            continue
        assert response.status_code == 200 and response.mimetype == "text/csv", url
        served += 1
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        assert len(rows) > 1, url
        for row in rows:
            cells += row
            assert "'" not in row, (url, row)  # the old guard turned every empty cell into a lone '
            assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in row if c), (url, row)
    assert served == 7
    assert "" in cells  # empty cells exist, and stay empty
    assert f"'{HOSTILE_TITLE}" in cells and "'@Đăng ký khai tử" in cells and "'-Phường Lâm" in cells


def test_the_guard_fires_only_on_a_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert formula_safe(f"{start}1+1") == f"'{start}1+1"
    for cell in ("", "Đăng ký", "a=b", "1-2", " =x", 0, -3, 2.5, None, "-2.200", "+50,000"):
        assert formula_safe(cell) == cell
    for cell in ("-2+3", "-1.5e3", "+A1", "-", "-2.200;=1"):  # not plain signed amounts: quoted
        assert formula_safe(cell) == "'" + cell


def test_every_csv_writer_is_the_kernels():
    """No module but the kernel's writes CSV (csv.writer/DictWriter); readers (bank statements) may parse."""
    writers = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
               if re.search(r"\bcsv\.(writer|DictWriter)\b", path.read_text(encoding="utf-8"))}
    assert writers == {"kernel/csv_export.py"}

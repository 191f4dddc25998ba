"""Issue 27: the reconciliation page names the columns each bank layout expects and offers a sample file per
layout, both generated from the layout definitions the importer reads; every sample imports as it says."""

import pytest

from wardportal.payments import statement_layouts, statements

from .staff_factories import login, make_staff
from .workflow_factories import client  # noqa: F401  (client fixture)

CUSTOM = {"mb-bank": {"label": "MB Bank", "delimiter": "\t", "date_formats": ["%Y-%m-%d"], "thousands": " ",
                      "decimal": ",", "columns": {"date": "Ngày GD", "amount": "Phát sinh",
                                                  "description": "Diễn giải"}}}


@pytest.mark.parametrize("key", sorted(statements.DEFAULT_LAYOUTS) + ["mb-bank"])
def test_every_layouts_sample_reads_back_as_one_credit(key):
    layout = {**statements.DEFAULT_LAYOUTS, **CUSTOM}[key]
    data = statement_layouts.sample_statement(layout, "000.26.30.H29-261208-0001")
    credits = statements.parse_statement(data, layout)
    assert [(c.amount, c.booked_on) for c in credits] == [(50_000, statement_layouts.SAMPLE_DAY)]
    assert "000.26.30.H29-261208-0001" in credits[0].description
    text = data.decode("utf-8-sig")
    assert all(title in text for title in layout["columns"].values())


@pytest.mark.parametrize("custom", [False, True])
def test_reconcile_page_names_each_layouts_columns_and_offers_its_sample(app, make, client, custom):
    if custom:
        app.config["BANK_STATEMENT_LAYOUTS"] = CUSTOM
    layouts = CUSTOM if custom else statements.DEFAULT_LAYOUTS
    ward = make.ward(slug="phuong-mot")
    login(client, make_staff(ward, "officer").email)
    page = client.get("/phuong-mot/can-bo/le-phi/").get_data(as_text=True)
    for key, layout in layouts.items():
        for title in layout["columns"].values():
            assert f"<q>{title}</q>" in page, (key, title)
        assert statement_layouts.number_example(layout) in page
        sample_url = f"/phuong-mot/can-bo/le-phi/mau-sao-ke/{key}.csv"
        assert f'href="{sample_url}"' in page
        with client.get(sample_url) as sample:
            assert sample.status_code == 200 and sample.mimetype == "text/csv"
            assert sample.headers["Content-Disposition"].startswith("attachment")
            assert "sandbox" in sample.headers["Content-Security-Policy"]
            assert statements.parse_statement(sample.data, layout)[0].amount == 50_000
    assert client.get("/phuong-mot/can-bo/le-phi/mau-sao-ke/khong-co.csv").status_code == 404
    # the required columns are not marked optional, the reference is
    assert "<q>Số tham chiếu</q> (không bắt buộc)" in page or custom
    assert "<q>Ngày giao dịch</q> (không bắt buộc)" not in page

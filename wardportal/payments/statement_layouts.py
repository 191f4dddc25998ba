"""What each bank statement layout expects, told to the officer, and a sample file per layout.

Both come from the same layout definitions the importer reads (statements.DEFAULT_LAYOUTS or the install's
BANK_STATEMENT_LAYOUTS), so what the page says and what the sample holds cannot drift from what is read.
"""

from __future__ import annotations

from datetime import date

from wardportal.kernel.csv_export import csv_text

# The columns the importer needs (the header row is found by them), then the ones it reads when present.
REQUIRED_COLUMNS = ("date", "description")
AMOUNT_COLUMNS = ("credit", "amount")  # one of them: "Ghi có" beside "Ghi nợ", or one signed "Số tiền"
SAMPLE_DAY = date(2026, 12, 8)


def headings(layout: dict) -> list[tuple[str, bool]]:
    """The layout's column headings in file order, each with whether the importer needs it."""
    needed = set(REQUIRED_COLUMNS) | {name for name in AMOUNT_COLUMNS if name in layout["columns"]}
    return [(title, name in needed) for name, title in layout["columns"].items()]


def number_example(layout: dict, amount: int = 1_250_000) -> str:
    """How the layout writes an amount: 1,250,000 or 1.250.000."""
    return f"{amount:,}".replace(",", layout.get("thousands", ","))


def date_example(layout: dict) -> str:
    """How the layout writes a date (its first accepted format)."""
    return SAMPLE_DAY.strftime(layout.get("date_formats", ["%d/%m/%Y"])[0])


def sample_statement(layout: dict, code: str) -> bytes:
    """A small statement in the layout: a title line above the header, a fee transfer naming `code`, a debit.

    UTF-8 with a BOM, so a spreadsheet opens the Vietnamese headings correctly and the importer reads it back.
    """
    columns = layout["columns"]
    transfer = {"date": date_example(layout), "reference": "FT26342000123", "credit": number_example(layout, 50_000),
                "debit": "", "amount": number_example(layout, 50_000),
                "description": f"NGUYEN VAN AN NOP PHI HO SO {code}"}
    fee = {"date": date_example(layout), "reference": "FT26342000124", "credit": "",
           "debit": number_example(layout, 2_200), "amount": "-" + number_example(layout, 2_200),
           "description": "PHI DICH VU SMS BANKING"}
    rows = [["SAO KÊ TÀI KHOẢN (tệp mẫu)"], list(columns.values()),
            *([line.get(name, "") for name in columns] for line in (transfer, fee))]
    return csv_text(rows, delimiter=layout.get("delimiter", ",")).encode("utf-8-sig")

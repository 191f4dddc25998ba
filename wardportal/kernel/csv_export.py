"""CSV downloads: the one writer of every CSV the portal serves.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and a leading TAB or CR
can hide such a start), and names and titles come from editors and residents: such a cell gets a leading
``'`` so it is shown as text. Every other cell is written as it is — an empty cell stays empty, a number
stays a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed amount written as text ("-2.200", "+50,000", "-2 200"): a number to a spreadsheet, never a formula.
_SIGNED_NUMBER = re.compile(r"[-+]\d[\d., \u00a0\u202f]*")


def formula_safe(cell):
    """The cell as a spreadsheet should show it: text that would start a formula is quoted with ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_text(rows: Iterable[Iterable], delimiter: str = ",") -> str:
    """The rows as CSV text (CRLF lines), every cell through `formula_safe`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return out.getvalue()


def csv_response(rows: Iterable[Iterable], filename: str) -> Response:
    """A UTF-8 CSV download with a byte-order mark (so spreadsheet programs read the Vietnamese letters)."""
    response = Response("\ufeff" + csv_text(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

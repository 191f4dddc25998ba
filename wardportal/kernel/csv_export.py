"""CSV downloads: the one writer of every CSV the portal serves.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and a leading TAB or CR
can hide such a start), and names and titles come from editors and residents: such a cell gets a leading
``'`` so it is shown as text. Every other cell is written as it is — an empty cell stays empty, a number
stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell):
    """The cell as a spreadsheet should show it: text that would start a formula is quoted with ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_response(rows: Iterable[Iterable], filename: str) -> Response:
    """A UTF-8 CSV download with a byte-order mark (so spreadsheet programs read the Vietnamese letters)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""Fee schedules (phí, lệ phí) of a procedure: validated structure, and the total for an applicant's choices.

A schedule is ``{"items": [...], "max_copies": N}``; each item is ``{"name", "amount"}`` in whole VND, with
``"per": "copy"`` when it is charged per copy and ``"when": "urgent"`` when it applies only to urgent
handling. An empty item list means the procedure is free; a procedure without a schedule has only its
free-text fee line, and an officer states the amount when asking for it. Amounts are integers: VND has no
minor unit, and floats would round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_AMOUNT = 1_000_000_000  # one billion VND: far above any ward fee, below any overflow
MAX_ITEMS = 20
DEFAULT_MAX_COPIES = 10
PER_VALUES = (None, "copy")
WHEN_VALUES = (None, "urgent")


class InvalidSchedule(ValueError):
    """A schedule that cannot be used; the message names the item and the problem."""


@dataclass(frozen=True)
class FeeItem:
    """One charge of a schedule."""

    name: str
    amount: int
    per: str | None = None
    when: str | None = None


@dataclass(frozen=True)
class FeeSchedule:
    """The charges of a procedure and the choices they depend on."""

    items: tuple[FeeItem, ...] = ()
    max_copies: int = DEFAULT_MAX_COPIES

    @property
    def is_free(self) -> bool:
        return not self.items

    @property
    def asks_copies(self) -> bool:
        return any(item.per == "copy" for item in self.items)

    @property
    def asks_urgency(self) -> bool:
        return any(item.when == "urgent" for item in self.items)

    def as_json(self) -> dict:
        """The form stored on the procedure (and in the dossier's snapshot)."""
        return {"items": [{k: v for k, v in vars(i).items() if v is not None} for i in self.items],
                "max_copies": self.max_copies}


@dataclass(frozen=True)
class FeeChoices:
    """What the applicant chose where the amount depends on it."""

    copies: int = 1
    urgent: bool = False


@dataclass(frozen=True)
class FeeLine:
    """One line of a computed bill."""

    name: str
    unit_amount: int
    quantity: int

    @property
    def amount(self) -> int:
        return self.unit_amount * self.quantity


@dataclass(frozen=True)
class FeeBill:
    """The lines and total an applicant owes for their choices."""

    lines: tuple[FeeLine, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def _whole_vnd(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InvalidSchedule(f"{where}: 'amount' must be a whole number of đồng")
    if not 0 <= value <= MAX_AMOUNT:
        raise InvalidSchedule(f"{where}: 'amount' must be between 0 and {MAX_AMOUNT}")
    return value


def parse_schedule(raw) -> FeeSchedule | None:
    """A schedule from its JSON form (import file, editor, database); None when there is none."""
    if raw is None or raw == {}:
        return None
    if isinstance(raw, list):
        raw = {"items": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("items", []), list):
        raise InvalidSchedule("'fees' must be an object with a list 'items'")
    entries = raw.get("items", [])
    if len(entries) > MAX_ITEMS:
        raise InvalidSchedule(f"'fees' may list at most {MAX_ITEMS} items")
    items = []
    for n, entry in enumerate(entries):
        where = f"fees.items[{n}]"
        if not isinstance(entry, dict):
            raise InvalidSchedule(f"{where}: must be an object")
        name = " ".join(str(entry.get("name") or "").split())
        if not name or len(name) > 200:
            raise InvalidSchedule(f"{where}: 'name' is required (at most 200 characters)")
        per, when = entry.get("per") or None, entry.get("when") or None
        if per not in PER_VALUES:
            raise InvalidSchedule(f"{where}: 'per' must be 'copy' or left out")
        if when not in WHEN_VALUES:
            raise InvalidSchedule(f"{where}: 'when' must be 'urgent' or left out")
        items.append(FeeItem(name, _whole_vnd(entry.get("amount"), where), per, when))
    max_copies = raw.get("max_copies", DEFAULT_MAX_COPIES)
    if isinstance(max_copies, bool) or not isinstance(max_copies, int) or not 1 <= max_copies <= 100:
        raise InvalidSchedule("'fees.max_copies' must be a whole number from 1 to 100")
    # The largest bill the schedule can produce (every item, the most copies) must itself be a payable
    # amount: money columns, VietQR and the gateway all take at most MAX_AMOUNT.
    largest = sum(item.amount * (max_copies if item.per == "copy" else 1) for item in items)
    if largest > MAX_AMOUNT:
        raise InvalidSchedule(f"'fees': the largest bill ({largest}) must not exceed {MAX_AMOUNT}")
    return FeeSchedule(tuple(items), max_copies)


def parse_choices(schedule: FeeSchedule, raw: dict | None) -> FeeChoices:
    """The applicant's choices, clamped to what the schedule allows (hostile input never raises)."""
    raw = raw or {}
    try:
        copies = int(str(raw.get("copies", 1)).strip() or 1)
    except ValueError:
        copies = 1
    copies = min(max(copies, 1), schedule.max_copies) if schedule.asks_copies else 1
    urgent = schedule.asks_urgency and str(raw.get("urgent", "")).lower() in ("1", "true", "yes", "on")
    return FeeChoices(copies, urgent)


def compute_bill(schedule: FeeSchedule, choices: FeeChoices) -> FeeBill:
    """The lines and total for these choices: per-copy items times copies, urgent items only when urgent."""
    lines = []
    for item in schedule.items:
        if item.when == "urgent" and not choices.urgent:
            continue
        quantity = choices.copies if item.per == "copy" else 1
        lines.append(FeeLine(item.name, item.amount, quantity))
    return FeeBill(tuple(lines))

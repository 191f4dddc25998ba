"""Amounts in Vietnamese words, as a receipt (biên lai) states them: "Một trăm linh năm nghìn đồng"."""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ")


def _below_thousand(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; `full` when a higher group precedes it (so "không trăm" and "linh" appear)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return words


def amount_in_words(amount: int) -> str:
    """Whole đồng in words with a capital first letter; 0 is "Không đồng"."""
    if not 0 <= amount < 10 ** 21:
        raise ValueError("amount out of range")
    if amount == 0:
        return "Không đồng"
    groups = []
    n = amount
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        name = _GROUPS[index]
        words += _below_thousand(value, full=bool(words))
        if name:
            words.append(name)
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]

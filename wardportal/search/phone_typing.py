"""How text arrives from residents' phones, read back into the words they meant (before the planner).

- **Keyboard's Vietnamese mode off**: Telex (`giaasy chuwngs nhaanj`, `ddangw kys`) or VNI (`ho65 nghe2o`)
  keystrokes arrive raw. Their marks vanish when folded anyway, so decoding is removing the keys that make
  them: tone keys (s f r x j z, VNI digits), doubled vowels (aa ee oo), w (ă ơ ư), dd (đ). A word is decoded
  only when it is not a known word itself and what it decodes to is.
- **Abbreviations and teencode** (`dkkd`, `gcn`, `qsdd`, `cccd`, `ko`, `dc`, `j`, `ntn`): expanded by the
  lexicon below; one that means two things is resolved by the other words of the query.
- **Words run together** (`hokinhdoanh`): an unknown word that splits into known syllables in one way only.
- **Voice typing**: interjections and politeness (`ờ`, `dạ`, `ạ`, `nhé`) dropped while their marks still
  tell them apart from real words (`ờ` folds like `ở`).
"""

import re
import unicodedata
from collections.abc import Callable

from wardportal.search.folding import TOKEN_PATTERN, fold_word

_TOKEN_RE = re.compile(TOKEN_PATTERN)  # the words as folding sees them, before folding

# A folded Vietnamese syllable: onset, one to three vowels, a final consonant.
SYLLABLE_RE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
_ONSET_RE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|dd|[bcdghklmnprstvx])")
_TELEX_TONES = set("sfrxjz")
_VNI_RE = re.compile(r"^[a-z]+[1-9][a-z1-9]*$")

# Voice typing's interjections and politeness, matched before folding (with their marks).
VOICE_FILLERS = frozenset({"ờ", "ừ", "ừm", "ờm", "ơ", "à", "ạ", "dạ", "vâng", "ừa", "hả", "nhỉ", "nhé",
                           "ấy", "ạh"})

# Abbreviation → its words; an ambiguous one lists (words, cue words of its field) and is resolved by the
# other words of the query (the first reading when none of them is a cue). Written as residents and Zalo
# groups write them; folded on use.
ABBREVIATIONS: dict[str, str | list[tuple[str, tuple[str, ...]]]] = {
    # Questions and teencode (mostly fillers once expanded)
    # Not "hông"/"hong": it folds like "hồng" of "sổ hồng".
    "ko": "không", "k": "không", "kg": "không", "k0": "không", "hok": "không", "khum": "không", "khg": "không",
    "kh": [("không", ()), ("kết hôn", ("dang", "ki", "dk", "dky", "giay", "lai", "luu"))],
    "dky": "đăng ký", "dki": "đăng ký", "đky": "đăng ký", "dkí": "đăng ký",
    "wa": "qua", "bít": "biết", "bik": "biết", "ck": "chồng", "vk": "vợ", "gđ": "gia đình",
    "xkld": "xuất khẩu lao động", "hk": "hộ khẩu", "cmt": "chứng minh thư",
    "dc": "được", "đc": "được", "dk": [("đăng ký", ()), ("điều kiện", ("du", "can", "gi", "nhung", "nao"))],
    "đk": [("đăng ký", ()), ("điều kiện", ("du", "can", "gi", "nhung", "nao"))],
    "j": "gì", "ntn": "như thế nào", "bn": [("bao nhiêu", ("tien", "lau", "ngay", "phi", "le")),
                                                                    ("bạn", ())],
    "ak": "à", "vs": "với", "mik": "mình", "mk": "mình",
    "ng": "người", "nc": "nước", "hs": "hồ sơ", "tt": [("thủ tục", ()), ("tạm trú", ("tro", "thue", "o"))],
    "sdt": "số điện thoại", "tgian": "thời gian", "tg": "thời gian", "bh": "bao giờ", "lm": "làm",
    "xn": "xác nhận", "cn": [("chứng nhận", ()), ("chủ nhật", ("lam", "viec", "mo", "cua", "nghi"))],
    # Papers and offices
    "ubnd": "ủy ban nhân dân", "cccd": "căn cước công dân", "cmnd": "chứng minh nhân dân",
    "gcn": "giấy chứng nhận", "qsdd": "quyền sử dụng đất", "qsd": "quyền sử dụng", "sdd": "sử dụng đất",
    "gcnqsdd": "giấy chứng nhận quyền sử dụng đất", "tthn": "tình trạng hôn nhân",
    "gks": "giấy khai sinh", "ks": "khai sinh", "dkks": "đăng ký khai sinh", "dkkh": "đăng ký kết hôn",
    "dkkd": "đăng ký kinh doanh", "hkd": "hộ kinh doanh", "gpkd": "giấy phép kinh doanh",
    "gpxd": "giấy phép xây dựng", "gplx": "giấy phép lái xe", "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội", "btxh": "bảo trợ xã hội", "nkt": "người khuyết tật", "kt": "khuyết tật",
    "nct": "người cao tuổi", "ccb": "cựu chiến binh", "ls": "liệt sĩ", "ncc": "người có công",
    "llpt": "lý lịch tư pháp", "lltp": "lý lịch tư pháp", "hc": "hộ chiếu", "ct": "chứng thực",
    "tl": "trích lục", "dkdd": "đăng ký đất đai", "hcn": "hộ cận nghèo",
    "hn": [("hôn", ("ket", "dang", "ki", "lai")), ("hôn nhân", ("tinh", "trang", "xac", "nhan", "doc")),
           ("hộ nghèo", ("ho", "can", "ngheo", "cong", "xet"))],
}


def _decode_marks(word: str) -> list[str]:
    """What a raw Telex or VNI word may stand for once folded, most likely first (may be empty)."""
    if _VNI_RE.match(word):
        plain = re.sub(r"[1-9]", "", word)
        return [plain.replace("dd", "d")] if plain else []
    onset = _ONSET_RE.match(word)
    head = onset.group() if onset else ""
    rest = word[len(head):]
    if not rest or not any(ch in "aeiouy" for ch in rest):
        return []
    # Tone keys come after the vowel; in Vietnamese none of these letters can end a syllable.
    kept = "".join(ch for ch in rest if ch not in _TELEX_TONES)
    kept = kept.replace("uw", "u").replace("ow", "o").replace("aw", "a")
    # A w left marks the vowel before it (dangw: đăng) or is itself ư (tw: tư).
    kept = kept.replace("w", "") if any(ch in "aeiouy" for ch in kept.replace("w", "")) else kept.replace("w", "u")
    head = head.replace("dd", "d")
    out = []
    # Doubled a, e, o are Telex's â, ê, ô; another doubled vowel is a slip (truus: trú).
    for candidate in (re.sub(r"([aeo])\1", r"\1", kept), kept, re.sub(r"([aeiouy])\1", r"\1", kept)):
        if head + candidate not in out and head + candidate != word:
            out.append(head + candidate)
    return out


# Letters and pairs a folded Vietnamese word never has: a word holding one was typed with raw marks.
_RAW_MARK_RE = re.compile(r"[fjwz1-9]|aa|ee|oo|^dd|[aeiouy][sxr]")


def has_raw_marks(word: str) -> bool:
    """Whether `word` shows Telex or VNI keystrokes no folded Vietnamese word has."""
    return bool(_RAW_MARK_RE.search(word))


def decode_raw(word: str, known: Callable[[str], bool]) -> str | None:
    """The known word a raw Telex/VNI word stands for, or None (the word itself is known, or nothing fits)."""
    if known(word) or not has_raw_marks(word) and SYLLABLE_RE.match(word):
        return None
    for candidate in _decode_marks(word):
        if known(fold_word(candidate)):  # kys → ky → ki, as the index spells it
            return fold_word(candidate)
    return None


def split_run_together(word: str, known: Callable[[str], bool], longest: int = 7) -> list[str] | None:
    """Known syllables that typed without spaces give `word` ("hokinhdoanh"), if exactly one fewest split does."""
    if len(word) < 5 or known(word) or SYLLABLE_RE.match(word):  # a real word the index lacks: left alone
        return None
    # best[i]: (fewest parts for word[:i], number of ways with that many, one such split)
    best: list[tuple[int, int, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, 1, [])
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            piece = word[start:end]
            if best[start] is None or len(piece) < 2 and piece not in ("o", "y", "a"):
                continue
            if not (SYLLABLE_RE.match(piece) and known(fold_word(piece))):
                continue
            parts, ways, split = best[start]
            candidate = (parts + 1, ways, split + [fold_word(piece)])
            current = best[end]
            if current is None or candidate[0] < current[0]:
                best[end] = candidate
            elif candidate[0] == current[0]:
                best[end] = (current[0], current[1] + ways, current[2])
    found = best[len(word)]
    if found is None or found[1] != 1 or found[0] < 2:
        return None
    return found[2]


def _expand_abbreviation(word: str, others: set[str]) -> list[str] | None:
    entry = ABBREVIATIONS.get(word)
    if entry is None:
        return None
    if isinstance(entry, str):
        return [fold_word(w) for w in entry.split()]
    best = max(entry, key=lambda option: sum(cue in others for cue in option[1]))
    return [fold_word(w) for w in best[0].split()]


def read_typed(text: str, known: Callable[[str], bool] | None = None, completing: bool = False,
               extends: Callable[[str], bool] | None = None) -> list[str]:
    """The folded words `text` means: voice fillers dropped, abbreviations expanded, raw Telex/VNI decoded
    and run-together words split (the last two only against `known`, the index's words; a well-formed
    syllable stands in for it when there is no index at hand).

    With `completing`, the last word may still be being typed: when `extends` says known words begin with
    it ("chung thuc chu k": ký), it is left as typed, a prefix to complete, unless it shows raw marks.
    """
    known = known or (lambda w: bool(SYLLABLE_RE.match(w)))
    raw = [m.group() for m in _TOKEN_RE.finditer(unicodedata.normalize("NFC", text))]
    raw = [w for w in raw if w.lower() not in VOICE_FILLERS or len(raw) == 1]
    folded = [fold_word(w) for w in raw]
    others = set(folded)
    out: list[str] = []
    for n, word in enumerate(folded):
        last = completing and n == len(folded) - 1
        if last and not has_raw_marks(word) and (extends is None or extends(word)) and (
                len(folded) < 5 or known(word)):
            out.append(word)
            continue
        expanded = _expand_abbreviation(word, others - {word}) if not known(word) or len(word) <= 2 else None
        if expanded:
            out.extend(expanded)
            continue
        if word.isdigit() or known(word):
            out.append(word)
            continue
        decoded = decode_raw(raw[n].lower(), known) or decode_raw(word, known)
        if decoded:
            out.append(fold_word(decoded))  # ky → ki, as the index spells it
            continue
        out.extend(split_run_together(word, known) or [word])
    return out

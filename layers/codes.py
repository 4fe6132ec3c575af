"""Kemendagri area codes and area names: normalisation and parsing.

Codes inside the product are undotted strings: ``kode_prov`` 2 digits, ``kode_kab`` 4,
``kode_kec`` 6, ``kode_desa`` 10 (``3316062002``); :func:`dotted` gives the display form
(``33.16.06.2002``). Real files carry codes damaged by Excel (dotted codes turned into floats,
long numbers into ``3.31606E+09``, apostrophes, spaces); :func:`normalize_kode` repairs what can
be repaired without guessing digits and returns ``None`` for the rest.

Names come with prefixes (``Kab.``, ``Kota``, ``Desa``, ``Kel.``) that carry meaning:
:func:`parse_name` parses them into ``kind`` instead of throwing them away, so that
``Kota Semarang`` never becomes ``Kabupaten Semarang``. :func:`compact` gives the exact-match
key (``SAMBONG REJO`` == ``SAMBONGREJO``).

BPS codes (2+2+3+3) are a different numbering: nothing here converts between the schemes.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

LEVELS: tuple[str, ...] = ("prov", "kab", "kec", "desa")
"""Levels from the top down, as used by every function of this module."""

WIDTHS: dict[str, int] = {"prov": 2, "kab": 4, "kec": 6, "desa": 10}
"""Length of the undotted code of each level."""

_PART_WIDTHS = (2, 2, 2, 4)
_N_PARTS = {"prov": 1, "kab": 2, "kec": 3, "desa": 4}
_LEVEL_ALIASES = {
    "prov": "prov", "provinsi": "prov", "propinsi": "prov",
    "kab": "kab", "kabupaten": "kab", "kota": "kab", "kabupaten_kota": "kab", "kab_kota": "kab",
    "kabkota": "kab",
    "kec": "kec", "kecamatan": "kec",
    "desa": "desa", "kelurahan": "desa", "desa_kelurahan": "desa", "kel": "desa",
    "desa_kel": "desa",
}
VILLAGE_KIND: dict[str, str] = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}
"""Seventh digit of a desa code -> its kind (``jenis``)."""

_EMPTY_CODES = {"", "-", "--", "NAN", "NONE", "NULL", "NA", "N/A", "#N/A"}


@lru_cache(maxsize=64)
def level_of(level: str) -> str:
    """The short level name (``prov``, ``kab``, ``kec``, ``desa``) for any accepted spelling.

    Raises
    ------
    ValueError
        For an unknown level (a programming error, not a user input).
    """
    key = re.sub(r"[\s/.-]+", "_", str(level).strip().lower())
    if key not in _LEVEL_ALIASES:
        raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")
    return _LEVEL_ALIASES[key]


# --------------------------------------------------------------------------------------------
# codes
# --------------------------------------------------------------------------------------------

def normalize_kode(value: Any, level: str = "desa") -> str | None:
    """Any written or Excel-damaged form of a Kemendagri code to the undotted canonical string.

    Parameters
    ----------
    value
        The code as read: ``"33.16.06.2002"``, ``"3316062002"``, ``3316062002``,
        ``3316062002.0``, ``"'3316062002"``, ``" 33.16.06.2002 "``, ``33.16`` (a dotted kab code
        Excel turned into a number; ``33.1`` is ``33.10`` with its trailing zero lost),
        ``"33.16.6.2002"`` (a part that lost its leading zero), ``"3,316,062,002"`` (thousand
        separators), ``"3.316062002E+09"``.
    level
        ``prov``, ``kab``, ``kec`` or ``desa`` (long forms accepted).

    Returns
    -------
    str or None
        The code (2, 4, 6 or 10 digits), or ``None`` when the value cannot be a code of that
        level: empty, wrong length, impossible parts (province outside 11..99, kab or kec part
        ``00``, village part not starting with 1, 2 or 3 or ending in ``000``), or scientific
        notation with fewer significant digits than the code has (``3.31606E+09`` lost the last
        four digits; they are never invented).
    """
    lvl = level_of(level)
    if type(value) is str and value.isascii() and value.isdigit():  # fast path: clean text
        return value if len(value) == WIDTHS[lvl] and _plausible(value, lvl) else None
    text, from_float = _code_text(value)
    if text is None:
        return None
    digits = _code_digits(text, lvl, from_float=from_float)
    if digits is None or not _plausible(digits, lvl):
        return None
    return digits


def kode_from_parts(prov: Any, kab: Any = None, kec: Any = None, desa: Any = None) -> str | None:
    """A Kemendagri code assembled from parts written in separate columns.

    Each part may have lost its leading zeros (``6`` for kecamatan ``06``, ``2`` for village
    ``0002`` is impossible but ``1002`` written as a number stays intact). A part may also
    already hold the full code of its level (``331606`` in a kecamatan column); it is used when
    it continues the parts above it. Only for Kemendagri parts (2+2+2+4): BPS parts (2+2+3+3)
    are another scheme.

    Returns
    -------
    str or None
        The code of the deepest part given, or ``None`` when a part is not a number that fits.
    """
    code = ""
    for part, width in zip((prov, kab, kec, desa), _PART_WIDTHS):
        if part is None or _is_missing(part):
            break
        text, _ = _code_text(part)
        if text is None:
            break
        text = re.sub(r"\.0+$", "", text)
        if not text.isdigit():
            return None
        if len(text) == len(code) + width and text.startswith(code):
            code = text
        elif len(text) <= width:
            code += text.zfill(width)
        else:
            return None
    lvl = _level_of_width(len(code))
    return normalize_kode(code, lvl) if lvl else None


def dotted(kode: Any) -> str:
    """Display form ``33.16.06.2002`` of a code (any level); other text is returned as given."""
    text = "" if kode is None or _is_missing(kode) else str(kode).strip()
    digits = re.sub(r"\D", "", text)
    lvl = _level_of_width(len(digits))
    if lvl is None or normalize_kode(digits, lvl) is None:
        return text
    parts, start = [], 0
    for width in _PART_WIDTHS[:_N_PARTS[lvl]]:
        parts.append(digits[start:start + width])
        start += width
    return ".".join(parts)


def jenis_from_kode(kode: Any) -> str | None:
    """The kind an undotted (or dotted) code says.

    A desa code (10 digits): village part starting with 1 = ``kelurahan``, 2 = ``desa``,
    3 = ``desa_adat``. A kab code (4 digits): kab part 01..69 = ``kabupaten``, 70..99 =
    ``kota`` (Kemendagri numbers kota from 71). Anything else: ``None``.
    """
    digits = _canonical(kode)
    if digits is None:
        return None
    if len(digits) == 10:
        return VILLAGE_KIND.get(digits[6])
    if len(digits) == 4:
        return "kota" if int(digits[2:4]) >= 70 else "kabupaten"
    return None


def parent(kode: Any, level: str) -> str | None:
    """The code of the area containing ``kode`` at ``level`` (``parent("3316062002", "kec")``
    is ``"331606"``); the code itself when it is of that level; ``None`` when ``kode`` is not
    a valid code or is above ``level``."""
    lvl = level_of(level)
    digits = _canonical(kode)
    if digits is None or len(digits) < WIDTHS[lvl]:
        return None
    return digits[:WIDTHS[lvl]]


def _canonical(kode: Any) -> str | None:
    """A valid code of whatever level its digit count says, undotted."""
    if kode is None or _is_missing(kode):
        return None
    for lvl in ("desa", "kec", "kab", "prov"):
        code = normalize_kode(kode, lvl)
        if code is not None:
            return code
    return None


def _level_of_width(width: int) -> str | None:
    return {2: "prov", 4: "kab", 6: "kec", 10: "desa"}.get(width)


def _is_missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN, NA (NA != NA is NA -> TypeError on bool)
    except TypeError:
        return True


def _code_text(value: Any) -> tuple[str | None, bool]:
    """The value as clean upper-case text, and whether it came from a float."""
    if value is None or isinstance(value, bool):
        return None, False
    if isinstance(value, numbers.Integral):
        return (str(int(value)) if int(value) >= 0 else None), False
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number) or number < 0:
            return None, False
        if number.is_integer():
            return str(int(number)), False
        text = repr(number)
        return (None if "e" in text else text), True
    if _is_missing(value):
        return None, False
    text = unicodedata.normalize("NFKC", str(value))
    text = text.replace("\u200b", "").replace("\ufeff", "")
    text = text.strip().strip("'\"`´‘’“” \t").strip().upper()
    if text in _EMPTY_CODES:
        return None, False
    return text, False


def _code_digits(text: str, lvl: str, *, from_float: bool) -> str | None:
    """Digits of a code of level ``lvl`` from cleaned text, or None."""
    n = WIDTHS[lvl]
    if re.fullmatch(r"\d+(?:[.,]\d+)?E[+-]?\d+", text):
        return _scientific(text, n)
    if re.fullmatch(r"\d+[.,]0+", text):               # 3316062002.0
        text = re.split(r"[.,]", text)[0]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text) or (
            re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text) and len(text.split(".")[0]) != 2):
        text = re.sub(r"[.,]", "", text)                 # thousand separators
    if text.isdigit():
        return text if len(text) == n else None
    parts = re.split(r"[.\s_/-]+|,(?=\d)", text)
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 2:
        return None
    return _from_parts(parts, text, lvl, from_float=from_float)


def _from_parts(parts: list[str], text: str, lvl: str, *, from_float: bool) -> str | None:
    n, widths = WIDTHS[lvl], _PART_WIDTHS[:len(parts)]
    joined = "".join(parts)
    single_decimal = len(parts) == 2 and (from_float or re.fullmatch(r"\d+[.,]\d+", text))
    if single_decimal:
        # a number: only trailing zeros can have been lost (33.10 -> 33.1)
        return joined.ljust(n, "0") if len(joined) <= n else None
    if len(parts) == _N_PARTS[lvl] and all(len(p) <= w for p, w in zip(parts, widths)):
        return "".join(p.zfill(w) for p, w in zip(parts, widths))
    return joined if len(joined) == n else None


def _scientific(text: str, n: int) -> str | None:
    """Scientific notation, accepted only when every digit of the code was written."""
    mantissa = re.split(r"E", text)[0].replace(",", ".")
    significant = mantissa.replace(".", "").lstrip("0")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if number != number.to_integral_value() or len(significant) < n:
        return None
    digits = str(int(number))
    return digits if len(digits) == n else None


def _plausible(digits: str, lvl: str) -> bool:
    """Structure check: parts that no Kemendagri code has are refused."""
    if len(digits) != WIDTHS[lvl] or not digits.isdigit():
        return False
    if not 11 <= int(digits[:2]) <= 99:
        return False
    if lvl in ("kab", "kec", "desa") and digits[2:4] == "00":
        return False
    if lvl in ("kec", "desa") and digits[4:6] == "00":
        return False
    if lvl == "desa" and (digits[6] not in VILLAGE_KIND or digits[7:] == "000"):
        return False
    return True


# --------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------

class ParsedName(NamedTuple):
    """An area name split into its kind prefix and its core.

    ``kind`` is ``kabupaten``, ``kota`` (kab level), ``desa``, ``kelurahan``, ``desa_adat``
    (desa level) or ``None`` when the name carries no kind prefix. ``core`` is the upper-case
    name without the prefix, punctuation and repeated spaces folded.
    """

    kind: str | None
    core: str


# prefixes per level, longest first: (tokens, kind)
_PREFIXES: dict[str, tuple[tuple[tuple[str, ...], str | None], ...]] = {
    "prov": (
        (("DAERAH", "KHUSUS", "IBUKOTA"), None), (("DAERAH", "KHUSUS", "IBU", "KOTA"), None),
        (("DAERAH", "KHUSUS"), None), (("DAERAH", "ISTIMEWA"), None),
        (("PROVINSI",), None), (("PROPINSI",), None), (("PROV",), None), (("PROP",), None),
        (("DKI",), None), (("DI",), None),
    ),
    "kab": (
        (("KABUPATEN", "ADMINISTRASI"), "kabupaten"), (("KAB", "ADMINISTRASI"), "kabupaten"),
        (("KABUPATEN", "ADM"), "kabupaten"), (("KAB", "ADM"), "kabupaten"),
        (("KOTA", "ADMINISTRASI"), "kota"), (("KOTA", "ADM"), "kota"),
        (("KABUPATEN",), "kabupaten"), (("KAB",), "kabupaten"),
        (("KOTAMADYA",), "kota"), (("KODYA",), "kota"), (("KOTA",), "kota"), (("KOT",), "kota"),
    ),
    "kec": ((("KECAMATAN",), None), (("KEC",), None)),
    "desa": (
        (("DESA", "ADAT"), "desa_adat"), (("KELURAHAN",), "kelurahan"), (("KEL",), "kelurahan"),
        (("DESA",), "desa"), (("DS",), "desa"),
    ),
}

# whole-name aliases of provinces (after prefixes are stripped)
_PROV_ALIASES = {
    "DIY": "YOGYAKARTA", "JOGJA": "YOGYAKARTA", "JOGJAKARTA": "YOGYAKARTA",
    "NANGGROE ACEH DARUSSALAM": "ACEH", "NAD": "ACEH",
    "JABAR": "JAWA BARAT", "JATENG": "JAWA TENGAH", "JATIM": "JAWA TIMUR",
    "SUMUT": "SUMATERA UTARA", "SUMBAR": "SUMATERA BARAT", "SUMSEL": "SUMATERA SELATAN",
    "KALBAR": "KALIMANTAN BARAT", "KALTENG": "KALIMANTAN TENGAH",
    "KALSEL": "KALIMANTAN SELATAN", "KALTIM": "KALIMANTAN TIMUR",
    "KALTARA": "KALIMANTAN UTARA", "SULUT": "SULAWESI UTARA", "SULTENG": "SULAWESI TENGAH",
    "SULSEL": "SULAWESI SELATAN", "SULTRA": "SULAWESI TENGGARA", "SULBAR": "SULAWESI BARAT",
    "NTB": "NUSA TENGGARA BARAT", "NTT": "NUSA TENGGARA TIMUR",
    "BABEL": "KEPULAUAN BANGKA BELITUNG", "BANGKA BELITUNG": "KEPULAUAN BANGKA BELITUNG",
    "KEPRI": "KEPULAUAN RIAU", "JAKARTA RAYA": "JAKARTA",
}

KAB_KOTA_SHARED_NAMES: frozenset[str] = frozenset({
    "BANDUNG", "BANJAR", "BEKASI", "BIMA", "BLITAR", "BOGOR", "CIREBON", "GORONTALO",
    "JAYAPURA", "KEDIRI", "KUPANG", "MADIUN", "MAGELANG", "MALANG", "MOJOKERTO", "PASURUAN",
    "PEKALONGAN", "PROBOLINGGO", "SEMARANG", "SERANG", "SOLOK", "SORONG", "SUKABUMI",
    "TANGERANG", "TASIKMALAYA", "TEGAL",
})
"""Compact keys that name both a Kabupaten and a Kota (Kepmendagri 2025): written without
``Kab.``/``Kota`` they are ambiguous even where the boundary file holds only one of the two."""

_ROMAN = re.compile(r"(?=[IVX])X{0,3}(IX|IV|V?I{0,3})")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}
_NUMBER_WORDS = {"SATU": 1, "DUA": 2, "TIGA": 3, "EMPAT": 4, "LIMA": 5, "ENAM": 6,
                 "TUJUH": 7, "DELAPAN": 8, "SEMBILAN": 9, "SEPULUH": 10}


def fold_name(raw: Any) -> str:
    """Upper case, accents and apostrophes removed, other punctuation and spaces folded to one
    space; no prefix is removed (``"Kel.  Ma'u"`` -> ``"KEL MAU"``)."""
    if raw is None or _is_missing(raw):
        return ""
    return _fold(str(raw))


@lru_cache(maxsize=200_000)
def _fold(raw: str) -> str:
    text = unicodedata.normalize("NFKD", raw)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    text = re.sub(r"['`´‘’ʼ]", "", text)
    return re.sub(r"[^A-Z0-9]+", " ", text).strip()


def parse_name(raw: Any, level: str) -> ParsedName:
    """Split an area name into its kind prefix and its core.

    Parameters
    ----------
    raw
        The name as written (``"Kab. Blora"``, ``"KOTA SEMARANG"``, ``"Desa Sambongrejo"``,
        ``"Kel. Bangkle"``, ``"Kecamatan Sambong"``, ``"Prov. Jawa Tengah"``).
    level
        ``prov``, ``kab``, ``kec`` or ``desa``: only that level's prefixes are parsed (a
        kecamatan called ``Kota Baru`` keeps its name).

    Returns
    -------
    ParsedName
        ``kind`` from the prefix (``kabupaten``/``kota`` at kab level, ``desa``/``kelurahan``/
        ``desa_adat`` at desa level, else ``None``) and ``core``. A prefix is only removed when
        something is left after it, so the kelurahan called ``Kabupaten`` or the desa called
        ``Kelurahan`` keep their names. Only one kind prefix is read: ``Kabupaten Kotabaru``
        is (``kabupaten``, ``KOTABARU``), ``Kota Kotamobagu`` is (``kota``, ``KOTAMOBAGU``).
        Province names also lose ``DKI``/``DI``/``Daerah Istimewa`` and common abbreviations
        are expanded (``JATENG`` -> ``JAWA TENGAH``).
    """
    return _parse_name(fold_name(raw), level_of(level))


@lru_cache(maxsize=200_000)
def _parse_name(folded: str, lvl: str) -> ParsedName:
    tokens = folded.split()
    kind = None
    stripped = True
    while stripped:
        stripped = False
        for prefix, prefix_kind in _PREFIXES[lvl]:
            n = len(prefix)
            if len(tokens) > n and tuple(tokens[:n]) == prefix:
                tokens = tokens[n:]
                kind = prefix_kind if prefix_kind is not None else kind
                # only one kind prefix: "KABUPATEN KOTA BARU" keeps "KOTA BARU"
                stripped = prefix_kind is None
                break
    core = " ".join(tokens)
    if lvl == "prov":
        core = _PROV_ALIASES.get(core, core)
    return ParsedName(kind, core)


def compact(core: str) -> str:
    """Exact-match key of a (parsed) name: no spaces, numerals unified.

    ``SAMBONG REJO`` and ``SAMBONGREJO`` give ``SAMBONGREJO``; roman, arabic and Indonesian
    word numerals give the same key (``TEMANGGUNG I`` == ``TEMANGGUNG 1``, ``LEILEM DUA`` ==
    ``LEILEM 2``, ``RT 01`` == ``RT 1``); two numerals in a row stay apart
    (``LUBUK PAKAM I II`` is ``LUBUKPAKAM1|2``, not ``LUBUKPAKAM12``).
    """
    return _compact(fold_name(core))


@lru_cache(maxsize=200_000)
def _compact(folded: str) -> str:
    out: list[str] = []
    previous_numeric = False
    for token in folded.split():
        value = numeral_value(token)
        if value is not None:
            if previous_numeric:
                out.append("|")
            out.append(str(value))
            previous_numeric = True
        else:
            out.append(token)
            previous_numeric = False
    return "".join(out)


def numeral_value(token: str, *, words: bool = True) -> int | None:
    """The number a name token stands for: ``12``, ``012``, roman ``XII``, and with ``words``
    the Indonesian ``SATU`` .. ``SEPULUH``; else ``None``."""
    if token.isdigit():
        return int(token)
    if words and token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    if token and _ROMAN.fullmatch(token):
        total, last = 0, 0
        for ch in reversed(token):
            value = _ROMAN_VALUE[ch]
            total = total - value if value < last else total + value
            last = max(last, value)
        return total
    return None


DIRECTION_ABBREVIATIONS: dict[str, str] = {
    "KD": "KIDUL", "KDL": "KIDUL", "LR": "LOR", "KLN": "KULON", "WTN": "WETAN", "TGH": "TENGAH",
}
"""Abbreviations offices write for direction words, read after the first word of a name
(``SUMBERSARI KDL`` is ``SUMBERSARI KIDUL``; a name that starts with ``LR`` keeps it)."""

TRAILING_ABBREVIATIONS: dict[str, str] = {"K": "KIDUL"}
"""Single letters read as a direction word only as the last word after a name
(``SUMBRSRI K``); ``K`` may also be meant as ``KULON``, so it ranks candidates but never
decides alone (:func:`layers.matching.names.lone_abbreviation`)."""


def expand_abbreviations(core: str) -> str:
    """A (parsed) name with the direction abbreviations of offices written out.

    ``SUMBERSARI KDL`` -> ``SUMBERSARI KIDUL``, ``KARANGREJO LR`` -> ``KARANGREJO LOR``,
    ``SUMBRSRI K`` -> ``SUMBRSRI KIDUL``. The first word is never expanded (it is the name),
    ``K`` only as the last word; ``DS.`` / ``KEL.`` are kind prefixes (:func:`parse_name`).
    """
    tokens = fold_name(core).split()
    out = tokens[:1]
    last = len(tokens) - 1
    for pos in range(1, len(tokens)):
        token = tokens[pos]
        word = DIRECTION_ABBREVIATIONS.get(token)
        if word is None and pos == last:
            word = TRAILING_ABBREVIATIONS.get(token)
        out.append(word or token)
    return " ".join(out)


def qualifiers(core: str, direction_words: tuple[str, ...]) -> tuple[str, ...]:
    """Direction words and numerals of a name, sorted: what makes ``KESUGIHAN KIDUL`` or
    ``TEMANGGUNG II`` another village than ``KESUGIHAN`` or ``TEMANGGUNG I``."""
    found = []
    for token in fold_name(core).split():
        if token in direction_words:
            found.append(token)
        else:
            value = numeral_value(token)
            if value is not None:
                found.append(str(value))
    return tuple(sorted(found))


def differ_by_qualifier(core_a: str, core_b: str, direction_words: tuple[str, ...]) -> bool:
    """Whether two names differ in a direction word or a numeral (never fuzzy twins).

    True when their qualifiers differ (``KESUGIHAN`` / ``KESUGIHAN KIDUL``, ``SUMBEREJO I`` /
    ``SUMBEREJO II``, ``MULYOREJO 1`` / ``MULYOREJO``), or when one compact key is the other
    plus a glued direction word, digits or number word (``KESUGIHANKIDUL`` / ``KESUGIHAN``,
    ``LEILEMDUA`` / ``LEILEM``; a glued roman letter is not read as a numeral).
    """
    if qualifiers(core_a, direction_words) != qualifiers(core_b, direction_words):
        return True
    key_a, key_b = compact(core_a), compact(core_b)
    short, long_ = sorted((key_a, key_b), key=len)
    if not short or short == long_:
        return False
    for rest in (long_[len(short):] if long_.startswith(short) else None,
                 long_[:-len(short)] if long_.endswith(short) else None):
        # glued: digits, direction words and number words; not roman letters, which a glued
        # typo produces too ("SEMARANGX")
        if rest and (rest in direction_words or rest.strip("|").isdigit()
                     or rest in _NUMBER_WORDS):
            return True
    return False

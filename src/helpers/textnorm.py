"""Turkish-aware text normalisation for matching keys (province names, sector labels).

Python's ``str.lower()`` maps ``"İ"`` to ``"i̇"`` (i + combining dot) and ``"I"`` to ``"i"``, which is
wrong for Turkish, and pandas' string storages do not all agree on it. Every key in the workbook is
therefore folded with :func:`fold`, which applies the Turkish rules explicitly, so the answer is the
same whatever storage a value came from.
"""

from __future__ import annotations

import re
import unicodedata

_TR_UPPER_TO_LOWER = str.maketrans({"İ": "i", "I": "ı"})
_TR_TO_ASCII = str.maketrans(
    {"ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u"}
)


def turkish_lower(text: str) -> str:
    """Lower-case ``text`` with Turkish rules: ``İ → i`` and ``I → ı``.

    >>> turkish_lower("IĞDIR"), turkish_lower("İZMİR")
    ('ığdır', 'izmir')
    """
    text = unicodedata.normalize("NFC", str(text))
    # A decomposed capital dotted I ("I" + U+0307) is composed to "İ" by NFC above.
    return text.translate(_TR_UPPER_TO_LOWER).lower()


def fold(text: object) -> str:
    """Fold ``text`` to a matching key: Turkish lower case, Turkish letters to ASCII, punctuation
    and runs of whitespace to single spaces, trimmed.

    >>> fold("  K.MARAŞ "), fold("Çorum"), fold("IĞDIR"), fold("İzmir"), fold("Şanlı-urfa")
    ('k maras', 'corum', 'igdir', 'izmir', 'sanli urfa')
    """
    s = turkish_lower(str(text)).translate(_TR_TO_ASCII)
    # Drop any remaining combining marks (e.g. "i̇" from a non-Turkish lower-casing upstream).
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return s.strip()


def compact(text: object) -> str:
    """:func:`fold` without any spaces (``"K. Maraş"`` and ``"K.MARAŞ"`` both give ``"kmaras"``)."""
    return fold(text).replace(" ", "")


def slugify(text: object) -> str:
    """A file-name-safe slug: ``"Kahramanmaraş" → "kahramanmaras"``, ``"Afyon Karahisar" → "afyon-karahisar"``."""
    return fold(text).replace(" ", "-")


def shorten(text: object, width: int) -> str:
    """A name cut to at most ``width`` characters at a word boundary, never inside a word, with "…"
    when something was left out (a single word longer than ``width`` is kept whole).

    >>> shorten("Makine ve Aksamları ile İklimlendirme Sanayi", 34)
    'Makine ve Aksamları ile…'
    >>> shorten("Fındık ve Mamulleri", 34)
    'Fındık ve Mamulleri'
    """
    s = " ".join(str(text).split())
    if len(s) <= width:
        return s
    head = s[: width + 1]  # with the character after the limit: a space there ends a whole word
    cut = head.rsplit(" ", 1)[0] if " " in head else s.split(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + ("…" if cut != s else "")

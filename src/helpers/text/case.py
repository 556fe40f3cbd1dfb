"""Turkish case and alphabetical order for names shown in reports.

``str.upper()`` turns ``"i"`` into ``"I"`` and ``str.lower()`` turns ``"I"`` into ``"i"``, both wrong
in Turkish (``i ↔ İ``, ``ı ↔ I``); Python's default string order puts ``Ç``, ``Ş``, ``Ö``, ``Ü``, ``İ``
after ``Z``. These helpers apply the Turkish rules when the language is Turkish. Lower-casing reuses
:func:`helpers.textnorm.turkish_lower` (the rule used for matching keys).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from helpers import text as _text
from helpers.textnorm import turkish_lower

_TR_LOWER_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})

#: The Turkish alphabet in order; q, w, x (foreign letters) where Turkish dictionaries put them.
TURKISH_ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"
_RANK = {ch: i for i, ch in enumerate(TURKISH_ALPHABET)}
_CIRCUMFLEX = str.maketrans({"â": "a", "î": "i", "û": "u"})


def upper(text: object, lang: str = "tr") -> str:
    """Upper case; Turkish rules in Turkish (``"diyarbakır"`` → ``"DİYARBAKIR"``).

    >>> upper("iğdır"), upper("iğdır", "en")
    ('İĞDIR', 'IĞDIR')
    """
    s = unicodedata.normalize("NFC", str(text))
    if _text.check_language(lang) == "tr":
        s = s.translate(_TR_LOWER_TO_UPPER)
    return s.upper()


def lower(text: object, lang: str = "tr") -> str:
    """Lower case; Turkish rules in Turkish (``"IĞDIR"`` → ``"ığdır"``, ``"İZMİR"`` → ``"izmir"``)."""
    s = str(text)
    return turkish_lower(s) if _text.check_language(lang) == "tr" else unicodedata.normalize("NFC", s).lower()


def sort_key(text: object, lang: str = "tr") -> tuple:
    """A key that sorts names alphabetically for the language: in Turkish ``c < ç < d``,
    ``g < ğ < h``, ``ı < i``, ``o < ö < p``, ``s < ş < t``, ``u < ü < v``; case and the circumflex
    (``â``, ``î``, ``û``) only break ties.

    >>> sorted(["Zonguldak", "Çorum", "Istanbul", "İzmir", "Iğdır", "Şanlıurfa", "Sinop"], key=sort_key)
    ['Çorum', 'Iğdır', 'Istanbul', 'İzmir', 'Sinop', 'Şanlıurfa', 'Zonguldak']
    """
    s = unicodedata.normalize("NFC", str(text))
    if _text.check_language(lang) == "tr":
        low = turkish_lower(s).translate(_CIRCUMFLEX)
        # letters by their Turkish rank; digits before letters; anything else after, by code point
        primary = tuple((0, ord(ch)) if ch.isdigit() else (1, _RANK[ch]) if ch in _RANK
                        else (2, ord(ch)) for ch in low)
    else:
        low = "".join(ch for ch in unicodedata.normalize("NFD", s.casefold()) if not unicodedata.combining(ch))
        primary = tuple((0, ord(ch)) if ch.isdigit() else (1, ord(ch)) for ch in low)
    return (primary, s)


def sorted_names(names: Iterable[object], lang: str = "tr") -> list:
    """``names`` in the alphabetical order of the language (see :func:`sort_key`)."""
    return sorted(names, key=lambda n: sort_key(n, lang))

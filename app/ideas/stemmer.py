"""A Norwegian stemmer (the Snowball algorithm) for full-text search on SQLite.

PostgreSQL uses its own `norwegian` configuration, which is the same algorithm; on SQLite the
stems are stored in `Idea.search_document` and matched word by word, so "sykkelveier" finds
"sykkelvei" on both.
"""
from __future__ import annotations

import re
from functools import lru_cache

VOWELS = set("aeiouyæåø")
S_ENDING = set("bcdfghjlmnoprtvyz")
STEP1 = sorted("a e ede ande ende ane ene hetene en heten ar er heter as es edes endes enes "
               "hetenes ens hetens ers ets et het ast".split(), key=len, reverse=True)
STEP3 = sorted("leg eleg ig eig lig elig els lov elov slov hetslov".split(), key=len, reverse=True)
WORD = re.compile(r"[0-9a-zæøåéèêóòôäöü]+")


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return max(i + 1, 3)
    return len(word)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    word = word.lower()
    r1 = _r1(word)
    if r1 >= len(word):
        return word
    # Step 1
    for suffix in STEP1 + ["erte", "ert", "s"]:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            if suffix in ("erte", "ert"):
                word = word[: -len(suffix)] + "er"
            elif suffix == "s":
                before = word[-2] if len(word) > 1 else ""
                if before in S_ENDING or (before == "k" and len(word) > 2 and word[-3] not in VOWELS):
                    word = word[:-1]
            else:
                word = word[: -len(suffix)]
            break
    # Step 2
    if word.endswith(("dt", "vt")) and len(word) - 1 >= r1 + 1:
        word = word[:-1]
    # Step 3
    for suffix in STEP3:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    return word


def words(text: str) -> list[str]:
    return WORD.findall((text or "").lower())


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def document(*texts: str) -> str:
    """The stems of the texts, space-separated and padded, for `LIKE '% stem%'` matching."""
    return " " + " ".join(dict.fromkeys(s for t in texts for s in stems(t))) + " "

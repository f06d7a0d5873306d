"""What a field's value is found by: its text in lower case, plus pinyin keys.

``terms_of("杭州云帆")`` is ``"杭州云帆␟hangzhouyunfan␟hzyf"``: the text, then the
full pinyin and the initials of every reading (a polyphonic character such as 曾
gives both zeng and ceng). The parts are joined by the unit separator, which no
query can hold, so a match never spans two parts. pypinyin does the conversion
(decision 0161): phrase-aware for the usual reading (重庆 is chongqing), with every
reading of each character from its dictionary.

``grams_of`` lists the distinct one- and two-character pieces of each part as
tokens, for the queries a trigram index cannot serve (one or two characters).
"""

from __future__ import annotations

import functools
import itertools
import re

from pypinyin import Style, lazy_pinyin, pinyin

SEP = "\x1f"
# Pinyin keys are made for short values (names, titles, companies): the initials of
# a long text would match almost any short query of letters.
PINYIN_MAX_CHARS = 64
# Readings kept per value: the usual one first, then the other readings' combinations.
MAX_READINGS = 8
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def normalize(text: str) -> str:
    """The text as it is matched: lower case (Unicode), the separator made a space."""
    return text.lower().replace(SEP, " ")


def query_text(q: str) -> str | None:
    """A query as it is matched, or None when no stored text can hold it (NUL or the
    separator)."""
    if "\x00" in q or SEP in q:
        return None
    return q.lower()


def pinyin_keys(text: str) -> list[str]:
    """Full pinyin and initials of each reading of ``text`` (lower case), usual first."""
    if len(text) > PINYIN_MAX_CHARS or not _HAN.search(text):
        return []
    # Per position, its readings with the usual one first: a run of Latin letters or
    # digits stays as it is.
    full: list[tuple[str, ...]] = []
    initials: list[tuple[str, ...]] = []
    for run in _RUNS.findall(text.lower()):
        if _HAN.match(run):
            for readings in _readings(run):
                full.append(readings)
                initials.append(tuple(dict.fromkeys(r[:1] for r in readings)))
        else:
            full.append((run,))
            initials.append((run,))
    keys: list[str] = []
    for positions in (full, initials):
        for combo in itertools.islice(itertools.product(*positions), MAX_READINGS):
            keys.append("".join(combo))
    return list(dict.fromkeys(keys))


_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@functools.lru_cache(maxsize=65536)
def _readings(run: str) -> list[tuple[str, ...]]:
    """Each character's readings, the one pypinyin gives in context (重庆: chong) first.
    Cached: names share their runs (有限公司, 科技 …) and a lookup costs ~0.5 ms."""
    usual = lazy_pinyin(run, style=Style.NORMAL)
    every = pinyin(run, style=Style.NORMAL, heteronym=True)
    if len(usual) != len(every):  # not one syllable per character: take them as given
        return [tuple(r) for r in every]
    return [tuple(dict.fromkeys([u, *alts])) for u, alts in zip(usual, every, strict=True)]


def terms_of(value: str) -> str:
    text = normalize(value)
    keys = [k for k in pinyin_keys(value) if k != text]
    return SEP.join([text, *keys])


def gram_token(piece: str) -> str:
    """A one- or two-character piece as a plain token both indexes keep whole."""
    return "g" + piece.encode("utf-8").hex()


def grams_of(terms: str) -> str:
    pieces: set[str] = set()
    for part in terms.split(SEP):
        pieces.update(part)
        pieces.update(part[i:i + 2] for i in range(len(part) - 1))
    return " ".join(sorted(gram_token(p) for p in pieces))

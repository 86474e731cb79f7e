"""Dates: the document date (metadata or a date line at the top) and event dates in a sentence.

Event dates are resolved against the document date: "on April 12", "in
February", "last month", "the next day", "two weeks earlier" (relative phrases
other than a month or weekday name are not resolved and leave the document date).

Examples
--------
>>> import datetime as dt
>>> date_line("Sun, 20 Sep 2020\\n\\nAliyev spoke.")
datetime.date(2020, 9, 20)
>>> date_line("No date here.") is None
True
>>> event_date("Aliyev said on August 13 that ...", dt.date(2020, 9, 20))
datetime.date(2020, 8, 13)
>>> event_date("The campaign launched in February.", dt.date(2021, 4, 16))
datetime.date(2021, 2, 1)
>>> event_date("It happened last month.", dt.date(2021, 1, 16))
datetime.date(2020, 12, 1)
>>> event_date("On 3 March 2019 they met.", None)
datetime.date(2019, 3, 3)
"""
from __future__ import annotations

import datetime as dt
import re

__all__ = ["date_line", "event_date", "parse_date"]

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+"

_LINE_PATTERNS = [
    re.compile(rf"^(?:{_DAY})?(\d{{1,2}})\s+{_MON},?\s+(\d{{4}})\b", re.I),          # Sun, 20 Sep 2020
    re.compile(rf"^(?:{_DAY})?{_MON}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I),          # September 20, 2020
    re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b"),                                      # 2020-09-20
]


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """A full date at the start of ``text`` in one of the usual news formats, else None."""
    text = text.strip()
    for i, pat in enumerate(_LINE_PATTERNS):
        m = pat.match(text)
        if not m:
            continue
        if i == 0:
            return _mk(int(m.group(3)), _month_no(m.group(2)), int(m.group(1)))
        if i == 1:
            return _mk(int(m.group(3)), _month_no(m.group(1)), int(m.group(2)))
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def date_line(text: str, max_lines: int = 4) -> dt.date | None:
    """The date on one of the first non-empty lines of an article (a dateline), if any.

    Only short lines count (a date line, possibly with a byline), so a date
    inside the first sentence of the body is not taken for the article's date.
    """
    seen = 0
    for line in text[:2000].splitlines():
        if not line.strip():
            continue
        seen += 1
        if len(line) <= 80:
            d = parse_date(line)
            if d:
                return d
        if seen >= max_lines:
            break
    return None


_ABS = re.compile(rf"\b(?:(\d{{1,2}})\s+{_MON}|{_MON}\s+(\d{{1,2}})(?!\d))(?:,?\s+(\d{{4}}))?", re.I)
_MONTH_ONLY = re.compile(rf"\b(?:in|since|during|until|by|early|late|mid-?|last|this|next)\s+(?:early\s+|late\s+|mid-?)?{_MON}(?:\s+(\d{{4}}))?\b", re.I)
_REL = re.compile(r"\b(last|next|this) (week|month|year)\b|\b(yesterday|today|tomorrow)\b|\bthe (next|previous|following) day\b", re.I)


def _month_no(word: str) -> int:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTHS[w[:3]]


def _year_for(month: int, day: int, ref: dt.date | None) -> int | None:
    if ref is None:
        return None
    # a month after the reference date belongs to the previous year (news reports the past)
    return ref.year - 1 if (month, day) > (ref.month, ref.day) and month - ref.month > 1 else ref.year


def event_date(sentence: str, ref: dt.date | None) -> dt.date | None:
    """The date an event in ``sentence`` happened, resolved against ``ref``; None if none is stated."""
    m = _ABS.search(sentence)
    if m:
        day = int(m.group(1) or m.group(4))
        month = _month_no(m.group(2) or m.group(3))
        year = int(m.group(5)) if m.group(5) else _year_for(month, day, ref)
        if year:
            return _mk(year, month, day)
    m = _MONTH_ONLY.search(sentence)
    if m:
        month = _month_no(m.group(1))
        year = int(m.group(2)) if m.group(2) else _year_for(month, 1, ref)
        if year:
            return _mk(year, month, 1)
    if ref is None:
        return None
    m = _REL.search(sentence)
    if m:
        if m.group(3):
            return ref + dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m.group(3).lower()])
        if m.group(1):
            step = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
            unit = m.group(2).lower()
            if unit == "week":
                return ref + dt.timedelta(weeks=step)
            if unit == "month":
                y, mo = divmod(ref.year * 12 + ref.month - 1 + step, 12)
                return dt.date(y, mo + 1, 1)
            return dt.date(ref.year + step, 1, 1)
    return None

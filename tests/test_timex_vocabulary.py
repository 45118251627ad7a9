"""The tagger's word tables: well-formed, and the pattern alternatives made from them accept exactly their words;
the extractor's code version follows every file of the tagger package."""
from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from timeline.extract import boilerplate, metadata
from timeline.store import cache
from timeline.timex import calendar, patterns, tag, vocabulary

TIMEX3_MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
               "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"}


def _rows(name):
    """A table read with the csv module alone, not with the loader under test."""
    with (vocabulary.TABLES / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_every_table_file_is_known_and_documented():
    files = {p.stem for p in vocabulary.TABLES.glob("*.csv")}
    assert files == set(vocabulary.COLUMNS)
    for name in files:
        text = (vocabulary.TABLES / f"{name}.csv").read_text(encoding="utf-8")
        comments = [line for line in text.splitlines() if line.startswith("#")]
        for column in vocabulary.COLUMNS[name]:  # each column explained in the comment lines
            assert any(re.match(rf"#\s+(?:\w+,\s*)*{column}\b", line) for line in comments), (name, column)


@pytest.mark.parametrize("name", sorted(vocabulary.COLUMNS))
def test_tables_are_well_formed(name):
    rows = vocabulary.read_table(name)
    assert rows and rows == _rows(name)
    for row in rows:
        assert all(v == v.strip() for v in row.values()), row
    keys = [tuple(r.values()) for r in rows]
    assert len(keys) == len(set(keys)), f"{name}: a row is repeated"


def test_table_values():
    months = _rows("months")
    assert {int(r["month"]) for r in months if r["kind"] == "name"} == set(range(1, 13))
    assert {r["kind"] for r in months} == {"name", "abbreviation"}
    assert sorted(int(r["weekday"]) for r in _rows("weekdays")) == list(range(7))
    for name in ("parts_of_day", "seasons"):
        assert all(re.fullmatch(r"[A-Z]{2}", r["code"]) for r in _rows(name))
    units = _rows("units")
    assert len({r["code"] for r in units}) == len(units)
    numbers = _rows("number_words")
    assert {r["kind"] for r in numbers} == {"unit", "tens", "scale", "other"}
    assert [float(r["value"]) for r in numbers if r["kind"] == "unit"] == list(range(1, 20))
    assert all(float(r["value"]) >= 0 for r in numbers)
    assert all(int(r["value"]) > 0 for r in _rows("ordinals"))
    assert all(1 <= int(r["digit"]) <= 9 for r in _rows("decade_words"))
    for r in _rows("modifiers"):
        assert r["mod"] in TIMEX3_MODS | {""} and r["before_number"] in ("yes", "no"), r
    for r in _rows("edges"):
        assert r["mod"] in TIMEX3_MODS and r["kind"] in ("adjective", "noun"), r


@pytest.mark.parametrize("row", _rows("holidays"), ids=lambda r: r["written"])
def test_holidays_are_patterns_with_a_day_in_every_year(row):
    written = re.compile(row["written"])
    example = row["name"] if written.fullmatch(row["name"]) else None
    for year in (1, 1900, 2024, 9999):
        if example:
            assert calendar.holiday_date(example, year).year == year


def test_a_table_with_a_wrong_header_or_row_is_refused(tmp_path):
    shutil.copy(vocabulary.TABLES / "weekdays.csv", tmp_path / "weekdays.csv")
    assert vocabulary.read_table("weekdays", tmp_path) == vocabulary.read_table("weekdays")
    (tmp_path / "weekdays.csv").write_text("# days\nday,number\nmonday,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        vocabulary.read_table("weekdays", tmp_path)
    (tmp_path / "weekdays.csv").write_text("word,weekday\nmonday,0,extra\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2"):
        vocabulary.read_table("weekdays", tmp_path)


# --- the alternatives made from the tables accept their words and no others ---------------------------------------

NOT_WORDS = ["mayo", "junk", "decades", "monda", "sundays", "fortnite", "milennium", "sprung", "nite", "tenths"]


def _accepted(pattern, words, flags=0):
    return {w for w in words if re.fullmatch(pattern, w, flags)}


def test_month_alternatives():
    words = [r["word"] for r in _rows("months")]
    abbreviations = [r["word"] for r in _rows("months") if r["kind"] == "abbreviation"]
    for pattern in (vocabulary.month_pattern(), metadata._MON, boilerplate._MONTH):
        assert _accepted(pattern, words + NOT_WORDS, re.I) == set(words)
    assert _accepted(patterns.MONTH, [w.capitalize() for w in words] + [w.capitalize() + "." for w in abbreviations]
                     + [w.capitalize() for w in NOT_WORDS]) == {w.capitalize() for w in words} | {
        w.capitalize() + "." for w in abbreviations}
    assert metadata._MONTHS == {r["word"]: int(r["month"]) for r in _rows("months")}


def test_weekday_season_part_of_day_and_decade_alternatives():
    weekdays = [r["word"].capitalize() for r in _rows("weekdays")]
    assert _accepted(patterns.WEEKDAY, weekdays + [w.capitalize() for w in NOT_WORDS]) == set(weekdays)
    parts = [r["word"] for r in _rows("parts_of_day")]
    assert _accepted(patterns.PART_OF_DAY, parts + NOT_WORDS) == set(parts)
    for r in _rows("seasons"):
        t = tag(f"It rained in the {r['word']} of 2024.", dt.date(2025, 1, 24))
        assert [x.value for x in t] == [f"2024-{r['code']}"]
    for r in _rows("decade_words"):
        t = tag(f"It was built in the {r['word']}.", dt.date(2025, 1, 24))
        assert [x.value for x in t] == [f"19{r['digit']}"]


def test_unit_alternatives():
    units = _rows("units")
    words = [w for r in units for w in (r["singular"], r["plural"])]
    assert _accepted(patterns.UNIT, words + NOT_WORDS) == set(words)
    assert _accepted(patterns.UNIT_SINGULAR, words + NOT_WORDS) == {r["singular"] for r in units}


def test_number_and_ordinal_alternatives():
    numbers = _rows("number_words")
    small = [r["word"] for r in numbers if r["kind"] == "unit"]
    tens = [r["word"] for r in numbers if r["kind"] == "tens"]
    assert _accepted(patterns.NUMBER_WORD_SMALL, small + tens + NOT_WORDS) == set(small)
    spelled = small + tens + [f"{t}-{s}" for t in tens for s in small[:9]]
    assert _accepted(patterns.NUMBER, spelled + NOT_WORDS) == set(spelled)
    for r in numbers:
        if r["kind"] == "scale":
            found = tag(f"It took three {r['word']} years.", dt.date(2025, 1, 24))
            assert [t.value for t in found] == [f"P{3 * int(r['value'])}Y"]
    day_words = [r["word"] for r in _rows("ordinals") if int(r["value"]) <= 31 and r["word"] not in ("last", "final")]
    assert _accepted(patterns.DAY_WORD, day_words + NOT_WORDS) == set(day_words)


@pytest.mark.parametrize("row", [r for r in _rows("modifiers") if r["before_number"] == "yes"],
                         ids=lambda r: r["phrase"])
def test_modifiers_before_a_number(row):
    found = tag(f"It took {row['phrase']} three years.", dt.date(2025, 1, 24))
    assert [(t.text, t.value, t.mod) for t in found] == [(f"{row['phrase']} three years", "P3Y", row["mod"] or None)]


@pytest.mark.parametrize("row", [r for r in _rows("edges")], ids=lambda r: r["word"] + " " + r["kind"])
def test_edge_words(row):
    expr = f"{row['word']} 2024" if row["kind"] == "adjective" else f"the {row['word']} of 2024"
    found = tag(f"It happened in {expr}, they said.", dt.date(2025, 1, 24))
    assert [(t.text, t.value, t.mod) for t in found] == [(expr, "2024", row["mod"])]


@pytest.mark.parametrize("row", _rows("holidays"), ids=lambda r: r["written"])
def test_holiday_alternatives(row):
    holiday = re.compile(patterns.CLASSES["holiday"])
    written = re.compile(row["written"])
    if written.fullmatch(row["name"]):
        assert holiday.fullmatch(row["name"] + " 2024")
    assert holiday.pattern.count(row["written"]) >= 1


# --- the extractor's code version ------------------------------------------------------------------------------

def test_code_version_follows_every_file_of_the_tagger_package(tmp_path):
    real = cache.PACKAGE
    root = tmp_path / "timeline"
    shutil.copytree(real, root, ignore=shutil.ignore_patterns("__pycache__"))
    version = cache.code_version(cache.EXTRACTOR_PARTS, root)
    assert version == cache.code_version(cache.EXTRACTOR_PARTS, real) == cache.CODE_VERSION

    (root / "timex" / "__pycache__").mkdir()
    (root / "timex" / "__pycache__" / "tagger.cpython-311.pyc").write_bytes(b"compiled")
    assert cache.code_version(cache.EXTRACTOR_PARTS, root) == version  # compiled files do not count

    months = root / "timex" / "vocabulary" / "months.csv"
    original = months.read_bytes()
    months.write_bytes(original + b"sept.,9,abbreviation\n")
    assert cache.code_version(cache.EXTRACTOR_PARTS, root) != version
    months.write_bytes(original)
    assert cache.code_version(cache.EXTRACTOR_PARTS, root) == version

    (root / "timex" / "vocabulary" / "extra.csv").write_text("word\n", encoding="utf-8")
    assert cache.code_version(cache.EXTRACTOR_PARTS, root) != version

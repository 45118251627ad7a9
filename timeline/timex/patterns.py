"""The patterns of the expression classes, their word alternatives made from the vocabulary tables, and the
words where a candidate expression may start."""
from __future__ import annotations

import re

from .vocabulary import (DECADE_WORDS, EDGE_ADJECTIVES, EDGE_NOUNS, MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS,
                         PARTS_OF_DAY, QUANTITY_MODIFIERS, SCALES, SEASONS, TENS, UNIT_NUMBERS, UNIT_SINGULARS,
                         UNITS, WEEKDAYS, alternation, holiday_pattern, ordinals, small_numbers)

# ---------------------------------------------------------------------------
# word alternatives, from the vocabulary tables


def _capitalized(words) -> str:
    return "|".join(w.capitalize() for w in words)


def _units_pattern() -> str:
    """ "seconds?|...|century|centuries": each unit, singular or plural."""
    out = []
    for w in UNIT_SINGULARS:
        plural = next(p for p, code in UNITS.items() if code == UNITS[w] and p != w)
        out.append(w + "s?" if plural == w + "s" else w + "|" + plural)
    return "|".join(out)


MONTH = (r"(?:(?:" + _capitalized(MONTH_NAMES) + r")\b|(?:" + _capitalized(MONTH_ABBREVIATIONS) + r")(?:\.|\b))")
WEEKDAY = r"(?:" + _capitalized(WEEKDAYS) + r")"
_ONES = alternation(small_numbers(1, 9))
_TEENS = alternation(small_numbers(10, 19))
_TENS = alternation(TENS)
PART_OF_DAY = r"(?i:" + alternation(PARTS_OF_DAY) + r")"
_DAYTIME = alternation(w for w, code in PARTS_OF_DAY.items() if code != "NI")  # morning, afternoon, evening
_SEASON = r"(?i:" + alternation(SEASONS) + r")"
_DECADE_WORD = alternation(DECADE_WORDS)
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|%|:\d)(?![.,]\d)"
DAY_WORD = (r"(?i:(?:twenty|thirty)[- ](?:" + alternation(ordinals(1, 9)) + r")|" + alternation(ordinals(30, 30))
            + r"|" + alternation(ordinals(20, 20)) + r"|" + alternation(ordinals(1, 19)) + r")\b")
YEAR = r"(?<![\d$£€#])(?:1[89]\d\d|20\d\d)(?!\d)(?![.,]\d)(?!%)"
YEAR_WORDS = (r"(?i:(?:nineteen|eighteen)[- ](?:(?:" + _TENS + r")(?:[- ](?:" + _ONES + r"))?|oh[- ](?:" + _ONES
              + r")|" + _TEENS + r")|two\s+thousand(?:\s+(?:and\s+)?(?:" + _ONES + r"|" + _TEENS
              + r"|twenty(?:[- ](?:" + _ONES + r"))?))?)\b(?![- ](?:hundred|thousand|million|percent))")
YEAR_ANY = r"(?:" + YEAR + r"|" + YEAR_WORDS + r")"
# a year of any size, read as one only after a cue ("the year 1005", "300 BC")
YEAR_CUED = r"(?<![\d$£€#.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d%])(?![.,]\d)|(?<![\d$£€#.,])[1-9]\d*(?![\d%])(?![.,]\d)"
YEAR_CUED3 = r"(?<![\d$£€#.,])(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{2,})(?![\d%])(?![.,]\d)"  # three digits or more
ERA_BC = r"(?:B\.C\.(?:E\.)?|BCE?\b)(?!-)(?!\s+(?:[A-Z][a-z]|\d))"
ERA_AD = r"(?:A\.D\.|AD\b)(?!-)"
NUMBER_WORD_SMALL = r"(?:" + alternation(UNIT_NUMBERS) + r")"
_NUMBER_WORD = (r"(?i:(?:" + _TENS + r")(?:[- ]" + NUMBER_WORD_SMALL + r")?"
                r"|" + NUMBER_WORD_SMALL + r"|(?:a\s+|one\s+)?hundred|a\s+dozen|dozen|a\s+few|few|several"
                r"|a\s+couple(?:\s+of)?|couple\s+of|many|some|half\s+an?|an?)")
_NUMBER_DIGITS = r"(?<![\d$£€#.,])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d%])(?!,\d)"
_SCALE = r"(?:[\s-]+(?i:" + alternation(SCALES) + r")\b)?"
_NUMBER1 = (r"(?:" + _NUMBER_DIGITS + r"|" + _NUMBER_WORD + r")" + _SCALE
            + r"(?:\s+1/2|\s*\u00bd|\s+and\s+a\s+half)?")
# a number or a range of numbers ("two to three", "12-18", "one or two")
NUMBER = _NUMBER1 + r"(?:\s*(?:-|to|or)\s*(?!an?\b)" + _NUMBER1 + r")?"
UNIT_SINGULAR = r"(?i:" + alternation(UNIT_SINGULARS) + r")"
UNIT = r"(?i:" + _units_pattern() + r")\b"
_EDGE = (r"(?:(?P<edge>(?i:(?:the\s+)?(?:" + alternation(EDGE_ADJECTIVES) + r")|earlier|later"
         r"|(?:the\s+)?(?:very\s+)?(?:" + alternation(EDGE_NOUNS) + r")\s+of(?:\s+the)?))(?:-|\s+))?")
_QUANTITY_MOD = r"(?:(?P<qmod>(?i:" + alternation(QUANTITY_MODIFIERS) + r"))\s+)?"
_DIRECTION = r"(?i:ago|earlier|later|from\s+now|hence|before(?=\s*[,.;:)]|\s*$)|after(?=\s*[,.;:)]|\s*$)|previously|back)"

CLASSES: dict[str, str] = {}

CLASSES["clock_time"] = (
    r"(?:(?P<tmod>(?i:about|around|approximately|roughly|shortly\s+(?:before|after)|just\s+(?:before|after)"
    r"|early|late))\s+)?"
    r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))"
    r"|(?<=[Aa]t\s)(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?![\d:])"
    r"|(?P<h3>[01]?\d|2[0-3])[:.]?(?P<mi3>[0-5]\d)(?=\s*(?:[ECMP][SD]T|GMT|UTC)\b)"
    r"|(?P<noon>(?i:noon|midnight|midday))"
    r"|(?P<h4>[01]?\d|" + NUMBER_WORD_SMALL + r")\s+o'clock)"
    r"(?:\s+(?P<tz>[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|[A-Z]ST(?=\s*[,.;:)]|\s*$)|(?i:local\s+time)))?"
    r"(?:\s*,?\s+(?P<tday>" + WEEKDAY + r"|(?i:today|yesterday|tomorrow|tonight)|" + MONTH + r"\s+" + DAY_NUMBER
    + r"(?:,\s*" + YEAR + r")?))?"
)
CLASSES["part_of_day_of"] = (
    _EDGE + r"(?:(?i:the)\s+)?(?P<pod>" + PART_OF_DAY + r")\s+of\s+(?P<date>" + WEEKDAY + r"(?:\s*,?\s+" + MONTH + r"\s+"
    + DAY_NUMBER + r")?|" + MONTH + r"\s+" + DAY_NUMBER + r"|" + DAY_NUMBER + r"\s+" + MONTH + r")(?:(?:\s*,\s*|\s+)" + YEAR + r")?"
)
CLASSES["weekday_date"] = (
    r"(?:(?P<wdet>(?i:this(?:\s+coming|\s+past)?|next|last))\s+)?"
    r"(?P<wd>" + WEEKDAY + r")\s*,?\s+(?:(?P<mon>" + MONTH + r")\s+(?P<day>" + DAY_NUMBER + r"|" + DAY_WORD + r")|(?P<day2>"
    + DAY_NUMBER + r")\s+(?P<mon2>" + MONTH + r"))(?:\s*,\s*|\s+)?(?P<year>" + YEAR_ANY + r")?"
)
CLASSES["month_day"] = (
    r"(?:(?P<amod>(?i:around|about|approximately|roughly))\s+(?=[A-Z\d]))?"
    r"(?:(?P<mon>" + MONTH + r")\s+(?P<day>" + DAY_NUMBER + r"|" + DAY_WORD + r"(?=\s*[,.;:)]|\s+(?:and|or|to|at|in|of)\b|\s*$))"
    r"(?:(?:\s*,\s*|\s+)(?P<year>" + YEAR_ANY + r"))?"
    r"|(?:(?i:the)\s+)?(?P<day2>" + DAY_NUMBER + r")(?:\s+of)?\s+(?P<mon2>" + MONTH + r")(?:,?\s+(?P<year2>" + YEAR + r"))?)"
)
CLASSES["numeric_date"] = (
    r"(?<![\d/.\-])(?:(?P<iy>(?:1[89]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])"
    r"(?:T(?P<ih>[01]\d|2[0-3]):(?P<imi>[0-5]\d))?"
    r"|(?P<um>1[0-2]|0?[1-9])/(?P<ud>3[01]|[12]\d|0?[1-9])/(?P<uy>(?:1[89]|20)\d\d|\d\d))(?![\d/])"
)
CLASSES["month_year"] = (
    _EDGE + r"(?P<mon>" + MONTH + r")(?:\s+(?P<day>" + DAY_NUMBER + r"))?(?:(?:\s+of|,)?\s+(?P<year>" + YEAR_ANY + r")"
    r"|\s+(?P<ydet>(?i:this|last|next))\s+(?i:year)\b)"
)
CLASSES["year"] = (
    r"(?:(?P<prepost>(?i:pre|post))-(?=\d))?" + _EDGE
    + r"(?:(?P<fy>(?i:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|model\s+year|FY))\s*)?(?P<year>"
    + YEAR + r"|(?<=[Tt]he\syear\s)(?:" + YEAR_WORDS + r"|" + YEAR_CUED3 + r")|" + YEAR_WORDS + r")(?!\s*-\s*(?!(?:1[89]|20)\d\d(?![\d-]))\d)(?!'?s\b)"
    r"(?P<ysuf>\s+(?i:or\s+(?:later|earlier|before|after|beyond)|and\s+(?:beyond|later|after|earlier|before))\b)?"
)
CLASSES["decade"] = (
    _EDGE + r"(?:(?P<the>(?i:the))\s+)?(?:(?P<dec>1[89]\d0|20\d0)'?s\b|'(?P<dec2>\d0)s\b"
    r"|(?<![\d$£€#.,])(?P<dec3>[1-9]\d{1,2}0)'?s\b(?!\s+of\b)"
    r"|(?<=[Tt]he\s)(?P<decw>(?i:" + _DECADE_WORD + r")))"
)
CLASSES["century"] = (
    _EDGE + r"(?:(?i:the)\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|(?i:" + alternation(ordinals(1, 20))
    + r"|twenty[- ]first))[- ](?i:century)\b"
    r"(?:\s+(?P<cbc>" + ERA_BC + r"))?"
)
CLASSES["quarter"] = (
    r"(?:(?P<qdet>(?i:the|this|last|next|that))\s+)?(?:(?P<fis0>(?i:fiscal|calendar))\s+)?(?P<qo>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final))"
    r"(?:[- ](?P<fis>(?i:fiscal|calendar)))?[- ](?P<qh>(?i:quarter|half))\b"
    r"(?:(?:\s+of|,)?\s+(?P<qy>(?:(?i:fiscal)\s+)?" + YEAR + r"|(?i:this|last|next)\s+year|the\s+(?i:year)))?"
    r"|(?P<qq>Q[1-4])(?:\s+|-|\s*/\s*)?(?P<qqy>" + YEAR + r"|'\d\d)?"
)
# financial periods named by their year: "the 1988 third quarter", "last year's quarter", "the last half of 1989"
CLASSES["period_of_year"] = (
    r"(?:(?i:the)\s+)?(?:(?P<yqy>" + YEAR + r")|(?P<yqr>(?i:this|last|next))\s+year's)\s+"
    r"(?:(?P<yqo>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ])?(?:(?i:fiscal)\s+)?"
    r"(?P<yqu>(?i:quarter|period|half))\b"
    r"|(?P<lh>(?i:the\s+(?:last|latter|final|first|second)\s+half))\s+of\s+(?:(?P<lhy>" + YEAR + r")"
    r"|(?P<lhd>(?i:the)\s+(?:'\d0s|(?:1[89]|20)\d0s)))"
    r"|(?P<lp>(?i:the\s+latest\s+(?:fiscal\s+)?period))\b"
)
CLASSES["season"] = (
    _EDGE + r"(?:(?P<sdet>(?i:this(?:\s+past|\s+coming)?|last|next|that|the(?:\s+(?:coming|past|previous|following))?"
    r"|(?<=[Ii]n\s)))(?:\s+|(?<=[Ii]n\s))|(?<=[Ee]arly\s)|(?<=[Ll]ate\s)|(?<=mid-)|(?<=middle\s))"
    r"(?P<season>" + _SEASON + r")\b"
    r"(?:\s+(?:of\s+)?(?P<sy>" + YEAR_ANY + r"))?"
    r"|(?P<season2>" + _SEASON + r")\s+(?:of\s+)?(?P<sy2>" + YEAR_ANY + r")"
)
CLASSES["holiday"] = (
    r"(?:(?P<hdet>(?i:this|last|next))\s+)?(?P<hol>" + holiday_pattern() + r")\b(?:\s*,?\s+(?P<hy>" + YEAR + r"))?"
)
CLASSES["units_ago"] = (
    _QUANTITY_MOD + r"(?P<num>" + NUMBER + r")[\s-]+(?:(?i:more|full|whole)\s+)?(?P<unit>" + UNIT + r")"
    r"(?:\s+(?i:or\s+so))?\s+(?P<dir>" + _DIRECTION + r")(?!\w)"
)
CLASSES["duration"] = (
    _QUANTITY_MOD + r"(?:(?P<det>(?i:the|a|an|this|these|those))\s+)?"
    r"(?:(?P<adj>(?i:past|last|next|coming|previous|first|final|remaining|following|preceding|prior|initial"
    r"|entire|whole|full|same|latest|succeeding|ensuing|subsequent|recent|opening|closing))\s+)?"
    r"(?P<num>" + NUMBER + r")(?:[\s-]+(?i:more|additional|straight|consecutive|full|long|whole|extra"
    r"|successive|subsequent|fiscal|calendar|business|working|trading))?[\s-]+(?P<unit>" + UNIT + r")"
    r"(?!-(?i:earlier|ago|end)\b)"
    r"(?P<uhalf>\s+(?i:and\s+a\s+half))?(?:\s+(?i:or\s+(?:so|two|three|more)\b))?"
    r"(?P<old>[\s-]+(?i:old))?(?:-(?P<long>(?i:long)))?"
    r"(?:(?<=[a-z])(?<!s)\s+(?P<pnoun>(?i:period|span|stretch|spell|interval|term|timeframe|time\s+frame))\b)?"
    r"|(?P<pdet>(?i:the\s+)?(?:past|last|next|coming|previous|recent|first|final))\s+(?P<punit>(?i:days|weeks|months|years"
    r"|decades|quarters|hours|centuries|few\s+(?:days|weeks|months|years|decades|hours)))\b"
    r"|(?P<past1>(?i:(?:the\s+)?past))\s+(?P<sunit>(?i:week|month|year|decade|century"
    r"|quarter|day|hour|weekend))\b"
    r"|(?:(?<=[Ff]or\s)|(?<=[Aa]fter\s))"
    r"(?P<vague>(?i:a\s+while|some\s+time|a\s+(?:very\s+)?(?:long|short)\s+(?:time|while)"
    r"|an?\s+(?:fairly\s+|very\s+)?(?:long|lengthy|short|brief|extended)\s+period(?:\s+of\s+time)?))\b"
    r"|(?<=[Oo]ver\s)(?P<theyears>(?i:the\s+(?:years|decades|centuries|months|weeks)))\b"
    r"|(?:(?<=[Ff]or\s)|(?<=[Ww]ithin\s)|(?<=\b[Ii]n\s))"
    r"(?P<bare>(?i:days|weeks|months|years|decades|hours|minutes|centuries))\b"
    r"(?:\s+(?i:or\s+(?:days|weeks|months|years|decades|hours|minutes|centuries))\b)?"
    r"|(?P<bare2>(?i:days|weeks|months|years|decades|hours))(?=\s+(?:of|on\s+end|later|earlier|before|after|ago"
    r"|that\s+followed)\b)"
    r"|(?P<ahead>(?i:the\s+(?:days|weeks|months|years|decades)\s+(?:ahead|to\s+come)))\b"
    r"|(?P<along>(?i:(?:day|week|month|year|hour|night)|(?:days|weeks|months|years|decades|hours|centuries)))-long\b"
    r"|(?P<fyear>(?i:the\s+(?:(?:fiscal|full|calendar|financial)\s+)?year))(?=\s+(?:ended|ending|that\s+ended)\b)"
)
CLASSES["this_next_last"] = (
    r"(?:(?P<sometime>(?i:sometime))\s+)?" + _EDGE
    + r"(?P<det>(?i:this|last|next|that|the\s+(?:same|previous|following|next|current|latest|prior|preceding|"
    r"coming|last|most\s+recent)|current|same|this\s+(?:past|coming)))\s+"
    r"(?P<what>(?i:week|weekend|month|year|quarter|decade|century|fiscal\s+year|day|" + alternation(PARTS_OF_DAY)
    + r")\b|" + MONTH + r"|" + WEEKDAY + r"\b)(?:\s+(?P<pod>" + PART_OF_DAY + r"))?(?P<orso>\s+(?i:or\s+so)\b)?"
)
CLASSES["deictic_word"] = (
    _EDGE + r"(?P<dw>(?i:today|yesterday|tomorrow|tonight|overnight|right\s+now|now|currently|nowadays|presently"
    r"|(?:more\s+|most\s+)?recently"
    r"|lately|formerly|the\s+(?:near\s+|distant\s+|immediate\s+)?future|the\s+(?:recent\s+)?past"
    r"|the\s+present|these\s+days|the\s+other\s+day|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
    r"|the\s+day\s+(?:before|after)(?=\s*[,.;:)])"
    r"|the\s+day(?=\s+(?:before|after)\s+(?:that|the|this|his|her|their|its|a|an)\b)"
    r"|the\s+weekend|the\s+(?:next|following|previous|same)\s+"
    r"(?:" + alternation(PARTS_OF_DAY) + r")|then)\b)"
    r"(?:\s+(?P<pod>" + PART_OF_DAY + r"))?"
)
CLASSES["weekday"] = (
    _EDGE + r"(?P<wd>" + WEEKDAY + r")(?P<plural>s)?\b(?:\s+(?P<pod>" + PART_OF_DAY + r")(?P<pplural>s)?\b)?"
)
CLASSES["month"] = _EDGE + r"(?P<mon>" + MONTH + r")"
CLASSES["recurrence"] = (
    r"(?P<q>(?i:every|each|per))\s+(?:(?P<other>(?i:other))\s+)?(?:(?P<num>" + NUMBER + r")\s+)?"
    r"(?P<u>" + UNIT + r"|" + WEEKDAY + r"\b|" + MONTH + r"|" + PART_OF_DAY + r"\b|" + _SEASON + r"\b)"
    r"|(?:(?i:once|twice|thrice)\s+)?"
    r"(?P<adv>(?i:daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|semiannually"
    r"|biannually|bimonthly))\b"
    r"|(?P<freq>(?i:once|twice|thrice|" + NUMBER + r"\s+times))\s+(?i:a|an|per|each|every)\s+(?P<fu>" + UNIT_SINGULAR + r")\b"
)
CLASSES["year_ago"] = (
    r"(?:(?P<the>(?i:the))\s+(?:(?i:comparable|same|corresponding)\s+)?(?=(?i:year)[- ]\w+\s+(?:first|second|third"
    r"|fourth|quarter|period|month|nine|six)))?(?P<ya>(?i:year-(?:earlier|ago)|year\s+earlier|year\s+ago))"
    r"(?:\s+(?P<yu>(?i:(?:(?:first|second|third|fourth)\s+)?quarter|period|month|(?:nine|six)\s+months)))?\b"
    r"|(?P<cp>(?i:the\s+(?:same|corresponding|comparable)\s+(?:period|quarter)\s+"
    r"(?:last\s+year|a\s+year\s+(?:ago|earlier))"
    r"|the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)))\b"
    r"|(?:(?P<yamod>(?i:around|about))\s+(?=(?i:year)))?(?P<yend>(?i:year-end|year\s+end|year's\s+end))\b"
)
CLASSES["edge_of_unit"] = (
    r"(?P<eedge>(?i:(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle|close|turn)\s+of|(?:earlier|later)\s+in))"
    r"\s+(?i:the)\s+(?P<eu>(?i:day|week|month|year|decade|century))\b"
)
CLASSES["the_year"] = (
    r"(?P<ty>(?i:the\s+(?:(?:fiscal|full|calendar|whole|entire)\s+)?(?P<tyu>year|week)))\b"
    r"(?![- ](?i:ended|ending|earlier|ago|before|after|end|two|that|in|when|of|he|she|they|it|we|I)\b)(?!'s\s+end)(?!-)"
)
# a part of the day on its own: "in the morning", "by mid-afternoon", "mid-afternoon yesterday"
CLASSES["part_of_day"] = (
    r"(?:(?:(?<=[Ii]n\s)|(?<=[Bb]y\s)|(?<=[Dd]uring\s)|(?<=[Uu]ntil\s))(?i:the)\s+(?:(?P<pe1>(?i:early|late))\s+)?"
    r"|(?P<pe2>(?i:early|late|mid))[- ]?)(?P<pa>(?i:" + _DAYTIME + r"))\b"
    r"(?:\s+(?P<pday>(?i:yesterday|today|tomorrow)|" + WEEKDAY + r"))?"
    r"|(?P<ph>[1-9]|1[0-2]|" + NUMBER_WORD_SMALL + r")\s+(?P<pin>(?i:in\s+the\s+(?:" + _DAYTIME + r")|at\s+night))\b"
)
# "the second day of the offensive", "for a third straight day": the day of the report
CLASSES["nth_day"] = (
    r"(?:(?i:the|a)\s+)?(?:(?i:" + alternation(ordinals(1, 12)) + r")"
    r"|(?<![\d.])\d{1,3}(?:st|nd|rd|th))\s+(?:(?i:straight|consecutive|successive)\s+)?(?i:day)\b(?![-'])"
)
CLASSES["week_of"] = (
    r"(?P<wo>(?i:the\s+week(?:end)?))\s+of\s+(?P<wod>(?:" + WEEKDAY + r"\s*,?\s+)?(?:" + MONTH + r"\s+" + DAY_NUMBER
    + r"|" + DAY_NUMBER + r"\s+" + MONTH + r")(?:,?\s+" + YEAR + r")?)"
)
CLASSES["the_quarter"] = r"(?P<tq>(?i:the\s+(?:fiscal\s+)?quarter))\b(?![-'])"
CLASSES["current_adjective"] = (
    r"(?P<adjw>(?i:current|then-current))\b(?=\s+[a-z])"
)

# years with their era: "300 BC", "10,000 B.C.", "AD 1005", "1005 A.D."
CLASSES["era"] = (
    r"(?P<ad>" + ERA_AD + r")\s*(?P<ady>" + YEAR_CUED + r")"
    r"|(?P<ey>" + YEAR_CUED + r")\s*(?:(?P<bc>" + ERA_BC + r")|" + ERA_AD + r")"
)


CLASS_RE = {name: re.compile(p) for name, p in CLASSES.items()}
CLASS_ORDER = list(CLASSES)

# ---------------------------------------------------------------------------
# where a candidate may start

_NUMBER_WORDS = " ".join([*UNIT_NUMBERS, *TENS]) + " hundred few several couple half many some "
_MONTH_WORDS = " ".join([*MONTHS, *WEEKDAYS])
_ORDINAL_WORDS = " ".join(ordinals(1, 20))
_PERIOD_WORDS = " ".join([*SEASONS, *PARTS_OF_DAY])
# Words that can begin an expression.  The master regex only tries its (costly) alternatives at word starts
# whose word is one of these, a digit or an apostrophe; the check itself is a character trie, cheap in the
# regex engine.
FIRST_WORDS = (_MONTH_WORDS + " " + _NUMBER_WORDS + " " + _ORDINAL_WORDS + " " + _PERIOD_WORDS + """
today yesterday tomorrow tonight overnight now currently nowadays presently recently recent lately formerly then
current right these this last next past coming previous following preceding prior latest same early late mid
middle earlier later end start beginning close turn dawn very about around approximately roughly nearly almost
less fewer under another upwards well barely within shortly fiscal calendar model fy every each per once twice
thrice daily weekly monthly annually yearly quarterly hourly nightly biweekly semiannually biannually bimonthly
noon midnight midday final remaining initial entire whole full succeeding ensuing subsequent opening closing dozen
christmas independence thanksgiving halloween valentine labor memorial easter veterans good boxing st seconds
minutes hours days weeks palm holy maundy ash pentecost ascension election martin mlk presidents columbus
mother's father's inauguration groundhog canada bastille remembrance armistice earth women's black cyber
juneteenth flag australia anzac months years decades centuries year q1 q2 q3 q4 day week month hour millennium
millennia ad a.d.
""").split() + [
    # determiners begin an expression only before one of the words that can follow them in one
    det + " " + w for det, follow in (
        ("the", _NUMBER_WORDS + _ORDINAL_WORDS + " " + _PERIOD_WORDS + " " + " ".join(DECADE_WORDS) + """ past
            last next coming previous following same current latest prior preceding most recent near distant
            immediate present other end start beginning middle close turn dawn very early late mid final year years
            week weeks quarter fiscal full calendar whole entire day days weekend decade decades century centuries
            months hours minutes future corresponding comparable better latter year's remaining initial succeeding
            ensuing subsequent opening closing"""),
        ("a", _NUMBER_WORDS + " " + " ".join(SCALES) + """ year week month day decade quarter weekend minute hour
            second century fortnight few millennium couple dozen fiscal calendar while long short fairly very brief
            lengthy extended full whole year's more additional straight consecutive extra successive subsequent
            business working trading first third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"""),
        ("an", "hour additional extended entire extra initial eight eleven eighteen eighty"),
        ("that", _PERIOD_WORDS + " " + _MONTH_WORDS + """ day days week weekend month year years quarter decade century
            time same first second third fourth fiscal"""),
        ("those", _NUMBER_WORDS + "days weeks months years"))
    for w in follow.split()] + [
    "the 0", "the 1", "the 2", "the 3", "the 4", "the 5", "the 6", "the 7", "the 8", "the 9", "the '",
    "a 0", "a 1", "a 2", "a 3", "a 4", "a 5", "a 6", "a 7", "a 8", "a 9", "an 8", "an 1", "those 0", "those 1",
    "those 2", "those 3", "those 4", "those 5", "those 6", "those 7", "those 8", "those 9",
    # words that begin an expression only together with the next one
    "in excess", "new year", "international women", "world aids", "at least", "at most", "up to", "no more", "sometime",
    "no less", "more than", "more recently", "just before", "just after", "pre-1", "pre-2", "post-1", "post-2"]


def _trie_regex(words) -> str:
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alts, optional = [], False
        for ch, sub in sorted(node.items()):
            if ch == "":
                optional = True
            else:
                alts.append((r"\s+" if ch == " " else re.escape(ch)) + emit(sub))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if optional else body
    return emit(root)


# Where a candidate may start: not inside a word, at a word that can begin an expression, a digit or '90.
START_WORD = r"(?=(?i:" + _trie_regex(FIRST_WORDS) + r")(?![a-z])|\d|'\d)"
START = re.compile(r"(?<![\w'])" + START_WORD)
# the same starts found faster (a pattern that begins with a character class is scanned for in C): the
# character before the start, then the start; a start at 0 is checked alone
AFTER_START = re.compile(r"[^\w']" + START_WORD)
START_AT_0 = re.compile(START_WORD)

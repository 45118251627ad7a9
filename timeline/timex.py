"""Time-expression tagging and normalization (TimeML / TIMEX3 conventions).

``tag(text, anchor)`` finds every time expression in a text and normalizes it
to a TIMEX3 type and value; ``normalize(expression, anchor, tense)`` does the
same for one expression given alone.

How it works
------------
* Candidates start where a word that can begin an expression stands, or a
  digit (``_START``).  There every expression class (dates, times,
  durations, sets, relative and vague references...) that can begin with
  the candidate's first characters is tried, and the longest match wins.
  Context checks then drop false hits (``May`` as a modal, ``$2022``,
  ``1,200 soldiers``...).
* Extents follow TempEval/TimeML: determiners and modifiers are inside
  (``the past three months``, ``nearly three years``, ``the end of
  September``); prepositions are outside (``on Thursday``, ``in November``).
* Relative expressions are resolved against ``anchor`` (the publication
  date).  Expressions whose year or week is left open (``Dec. 29``,
  ``Thursday``, ``in November``) use the tense of their sentence: future
  statements look forward from the anchor (on or after), past ones look
  back (on or before), and without a cue the nearest occurrence wins.  A
  tense cue is overruled when it points more than half a cycle away while
  the other side is within a quarter of one (``extended to Nov. 16`` written
  on Nov. 1); for month names only a reporting verb (``said``) is that weak.
  Passive presents (``is scheduled``) and future participles (``planned``)
  are not past cues, nor are participles after a modal (``will stay
  closed``); a nearer present verb (``when the case is heard in May``)
  leaves the nearest occurrence.  Some words fix the side whatever the
  tense: ``since March`` looks back, ``effective Feb. 1`` and ``postponed
  until Tuesday`` look ahead, a day named in the possessive
  (``Wednesday's ruling``) lies on or before the anchor.  ``two days later``, ``the next day``, ``the day
  before`` and the like are anchored on the most recent fully resolved date
  mentioned before them, falling back to the anchor.  ``a year ago`` and
  ``year-earlier`` next to a quarter just mentioned mean that quarter a year
  before (``2023-Q3``), as in results comparisons; ``the year``, ``the
  week`` and ``the latest period`` name the period under discussion, and
  ``the 1988 third quarter``, ``last year's quarter`` or ``the 1988
  period`` a financial period of the year given.
* ``$5 million a year`` and ``3 percent a year`` are rates (SET, P1Y).
  Holidays cover fixed days, n-th weekdays of a month and the Easter
  cycle.  ``2009-2013`` gives two dates.
* Numbers may be spelled out, fractional (``2 1/2 years`` = P2Y6M, ``an hour
  and a half`` = PT1H30M) or ranges (``two to three weeks``, valued by the
  lower bound); years may be spelled out (``nineteen ninety-six``).
* Without an anchor, relative expressions get X placeholders
  (``XXXX-12-25``, ``XXXX-WXX-4``) and ``anchored=False``; the current date is
  never consulted.

Calendar spans
--------------
``start_date``/``end_date`` give the first and last day covered.  Weeks are
ISO weeks (Monday..Sunday).  Seasons use approximate astronomical dates:
spring Mar 20 - Jun 20, summer Jun 21 - Sep 22, fall Sep 23 - Dec 20,
winter Dec 21 - Mar 19 of the following year.  Decades and centuries follow
the TIMEX3 value (``199`` = 1990-1999, ``18`` = 1800-1899).

Dates run from 0001-01-01 to 9999-12-31.  A bare number is a year only
from 1800 to 2099; other years need a cue (``the year 1005``, ``AD 1005``,
``300 BC``, ``the 1600s``, ``the 17th century``).  What lies beyond the
calendar gets a value that says so and no dates: TimeML's BC form for a
year BC (``300 BC`` = ``BC0300``, ``2,500 years ago`` written in 2009 =
``BC0492``, ``the 3rd century BC`` = ``BC02``), else ``PAST_REF`` or
``FUTURE_REF`` (``125,000 years ago``, ``the year 10000``).  Numbers may be
of any size (``50 million years ago``).
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import hashlib
import json
import math
import re
import string
from pathlib import Path
from dataclasses import dataclass

try:  # the parser of the re module, used to read which characters each pattern can start with
    import re._constants as _sre_constants
    import re._parser as _sre_parser
except ImportError:  # Python before 3.11
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser

__all__ = ["Timex", "tag", "normalize", "PARTS_OF_DAY"]


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    precision: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    mod: str | None = None
    relative: bool = False
    anchored: bool = True


# ---------------------------------------------------------------------------
# vocabulary

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
#: TIMEX3 codes for parts of the day.
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W",
    "fortnight": "FN", "weekend": "WE", "month": "M", "quarter": "Q",
    "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML",
}
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
    "single": 1, "dozen": 12, "a dozen": 12, "couple": 2, "a couple": 2,
    "a couple of": 2, "couple of": 2, "half a": 0.5, "half an": 0.5,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty first": 21, "last": 4, "final": 4,
}
_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}

# ---------------------------------------------------------------------------
# regular-expression fragments

_MONTH = (r"(?:(?:January|February|March|April|May|June|July|August|September|October"
          r"|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))")
_WDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|%|:\d)(?![.,]\d)"
_DAYW = (r"(?i:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|twentieth"
         r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
         r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)\b")
_YEAR = r"(?<![\d$£€#])(?:1[89]\d\d|20\d\d)(?!\d)(?![.,]\d)(?!%)"
_YEARW = (r"(?i:(?:nineteen|eighteen)[- ](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
          r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|oh[- ](?:one|two|three|four|five|six|seven"
          r"|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
          r"|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
          r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five"
          r"|six|seven|eight|nine))?))?)\b(?![- ](?:hundred|thousand|million|percent))")
_YEARX = r"(?:" + _YEAR + r"|" + _YEARW + r")"
# a year of any size, read as one only after a cue ("the year 1005", "300 BC")
_YEAR_CUED = r"(?<![\d$£€#.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d%])(?![.,]\d)|(?<![\d$£€#.,])[1-9]\d*(?![\d%])(?![.,]\d)"
_YEAR_CUED3 = r"(?<![\d$£€#.,])(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{2,})(?![\d%])(?![.,]\d)"  # three digits or more
_ERA_BC = r"(?:B\.C\.(?:E\.)?|BCE?\b)(?!-)(?!\s+(?:[A-Z][a-z]|\d))"
_ERA_AD = r"(?:A\.D\.|AD\b)(?!-)"
_NUMW_SMALL = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
               r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
_NUMW = (r"(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]" + _NUMW_SMALL + r")?"
         r"|" + _NUMW_SMALL + r"|(?:a\s+|one\s+)?hundred|a\s+dozen|dozen|a\s+few|few|several|a\s+couple(?:\s+of)?"
         r"|couple\s+of|many|some|half\s+an?|an?)")
_NUMD = r"(?<![\d$£€#.,])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d%])(?!,\d)"
_SCALE = r"(?:[\s-]+(?i:thousand|million|billion|trillion)\b)?"
_NUM1 = r"(?:" + _NUMD + r"|" + _NUMW + r")" + _SCALE + r"(?:\s+1/2|\s*\u00bd|\s+and\s+a\s+half)?"
# a number or a range of numbers ("two to three", "12-18", "one or two")
_NUM = _NUM1 + r"(?:\s*(?:-|to|or)\s*(?!an?\b)" + _NUM1 + r")?"
_UNIT_S = r"(?i:second|minute|hour|day|week|fortnight|weekend|month|quarter|year|decade|century|millennium)"
_UNIT = (r"(?i:seconds?|minutes?|hours?|days?|weeks?|fortnights?|weekends?|months?|quarters?|years?"
         r"|decades?|century|centuries|millennium|millennia)\b")
_POD = r"(?i:morning|afternoon|evening|night)"
_EDGE = (r"(?:(?P<edge>(?i:(?:the\s+)?(?:early|late|mid|middle)|earlier|later"
         r"|(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle|close|turn|dawn)\s+of(?:\s+the)?))(?:-|\s+))?")
_QMOD = (r"(?:(?P<qmod>(?i:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than"
         r"|fewer\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than"
         r"|another|an\s+additional|in\s+excess\s+of|upwards\s+of|close\s+to|nearly"
         r"|well\s+over|the\s+better\s+part\s+of))\s+)?")
_PASTED = r"(?i:ago|earlier|later|from\s+now|hence|before(?=\s*[,.;:)]|\s*$)|after(?=\s*[,.;:)]|\s*$)|previously|back)"

_CLASSES: dict[str, str] = {}

_CLASSES["time"] = (
    r"(?:(?P<tmod>(?i:about|around|approximately|roughly|shortly\s+(?:before|after)|just\s+(?:before|after)"
    r"|early|late))\s+)?"
    r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))"
    r"|(?<=[Aa]t\s)(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?![\d:])"
    r"|(?P<h3>[01]?\d|2[0-3])[:.]?(?P<mi3>[0-5]\d)(?=\s*(?:[ECMP][SD]T|GMT|UTC)\b)"
    r"|(?P<noon>(?i:noon|midnight|midday))"
    r"|(?P<h4>[01]?\d|" + _NUMW_SMALL + r")\s+o'clock)"
    r"(?:\s+(?P<tz>[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|[A-Z]ST(?=\s*[,.;:)]|\s*$)|(?i:local\s+time)))?"
    r"(?:\s*,?\s+(?P<tday>" + _WDAY + r"|(?i:today|yesterday|tomorrow|tonight)|" + _MONTH + r"\s+" + _DAYN
    + r"(?:,\s*" + _YEAR + r")?))?"
)
_CLASSES["podof"] = (
    _EDGE + r"(?:(?i:the)\s+)?(?P<pod>" + _POD + r")\s+of\s+(?P<date>" + _WDAY + r"(?:\s*,?\s+" + _MONTH + r"\s+"
    + _DAYN + r")?|" + _MONTH + r"\s+" + _DAYN + r"|" + _DAYN + r"\s+" + _MONTH + r")(?:(?:\s*,\s*|\s+)" + _YEAR + r")?"
)
_CLASSES["wdate"] = (
    r"(?:(?P<wdet>(?i:this(?:\s+coming|\s+past)?|next|last))\s+)?"
    r"(?P<wd>" + _WDAY + r")\s*,?\s+(?:(?P<mon>" + _MONTH + r")\s+(?P<day>" + _DAYN + r"|" + _DAYW + r")|(?P<day2>"
    + _DAYN + r")\s+(?P<mon2>" + _MONTH + r"))(?:\s*,\s*|\s+)?(?P<year>" + _YEARX + r")?"
)
_CLASSES["mdy"] = (
    r"(?:(?P<amod>(?i:around|about|approximately|roughly))\s+(?=[A-Z\d]))?"
    r"(?:(?P<mon>" + _MONTH + r")\s+(?P<day>" + _DAYN + r"|" + _DAYW + r"(?=\s*[,.;:)]|\s+(?:and|or|to|at|in|of)\b|\s*$))"
    r"(?:(?:\s*,\s*|\s+)(?P<year>" + _YEARX + r"))?"
    r"|(?:(?i:the)\s+)?(?P<day2>" + _DAYN + r")(?:\s+of)?\s+(?P<mon2>" + _MONTH + r")(?:,?\s+(?P<year2>" + _YEAR + r"))?)"
)
_CLASSES["numdate"] = (
    r"(?<![\d/.\-])(?:(?P<iy>(?:1[89]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])"
    r"(?:T(?P<ih>[01]\d|2[0-3]):(?P<imi>[0-5]\d))?"
    r"|(?P<um>1[0-2]|0?[1-9])/(?P<ud>3[01]|[12]\d|0?[1-9])/(?P<uy>(?:1[89]|20)\d\d|\d\d))(?![\d/])"
)
_CLASSES["monyear"] = (
    _EDGE + r"(?P<mon>" + _MONTH + r")(?:\s+(?P<day>" + _DAYN + r"))?(?:(?:\s+of|,)?\s+(?P<year>" + _YEARX + r")"
    r"|\s+(?P<ydet>(?i:this|last|next))\s+(?i:year)\b)"
)
_CLASSES["year"] = (
    r"(?:(?P<prepost>(?i:pre|post))-(?=\d))?" + _EDGE
    + r"(?:(?P<fy>(?i:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|model\s+year|FY))\s*)?(?P<year>"
    + _YEAR + r"|(?<=[Tt]he\syear\s)(?:" + _YEARW + r"|" + _YEAR_CUED3 + r")|" + _YEARW + r")(?!\s*-\s*(?!(?:1[89]|20)\d\d(?![\d-]))\d)(?!'?s\b)"
    r"(?P<ysuf>\s+(?i:or\s+(?:later|earlier|before|after|beyond)|and\s+(?:beyond|later|after|earlier|before))\b)?"
)
_CLASSES["decade"] = (
    _EDGE + r"(?:(?P<the>(?i:the))\s+)?(?:(?P<dec>1[89]\d0|20\d0)'?s\b|'(?P<dec2>\d0)s\b"
    r"|(?<![\d$£€#.,])(?P<dec3>[1-9]\d{1,2}0)'?s\b(?!\s+of\b)"
    r"|(?<=[Tt]he\s)(?P<decw>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)))"
)
_CLASSES["century"] = (
    _EDGE + r"(?:(?i:the)\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|(?i:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|twenty[- ]first))[- ](?i:century)\b"
    r"(?:\s+(?P<cbc>" + _ERA_BC + r"))?"
)
_CLASSES["quarter"] = (
    r"(?:(?P<qdet>(?i:the|this|last|next|that))\s+)?(?:(?P<fis0>(?i:fiscal|calendar))\s+)?(?P<qo>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final))"
    r"(?:[- ](?P<fis>(?i:fiscal|calendar)))?[- ](?P<qh>(?i:quarter|half))\b"
    r"(?:(?:\s+of|,)?\s+(?P<qy>(?:(?i:fiscal)\s+)?" + _YEAR + r"|(?i:this|last|next)\s+year|the\s+(?i:year)))?"
    r"|(?P<qq>Q[1-4])(?:\s+|-|\s*/\s*)?(?P<qqy>" + _YEAR + r"|'\d\d)?"
)
# financial periods named by their year: "the 1988 third quarter", "last year's quarter", "the last half of 1989"
_CLASSES["yquarter"] = (
    r"(?:(?i:the)\s+)?(?:(?P<yqy>" + _YEAR + r")|(?P<yqr>(?i:this|last|next))\s+year's)\s+"
    r"(?:(?P<yqo>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ])?(?:(?i:fiscal)\s+)?"
    r"(?P<yqu>(?i:quarter|period|half))\b"
    r"|(?P<lh>(?i:the\s+(?:last|latter|final|first|second)\s+half))\s+of\s+(?:(?P<lhy>" + _YEAR + r")"
    r"|(?P<lhd>(?i:the)\s+(?:'\d0s|(?:1[89]|20)\d0s)))"
    r"|(?P<lp>(?i:the\s+latest\s+(?:fiscal\s+)?period))\b"
)
_CLASSES["season"] = (
    _EDGE + r"(?:(?P<sdet>(?i:this(?:\s+past|\s+coming)?|last|next|that|the(?:\s+(?:coming|past|previous|following))?"
    r"|(?<=[Ii]n\s)))(?:\s+|(?<=[Ii]n\s))|(?<=[Ee]arly\s)|(?<=[Ll]ate\s)|(?<=mid-)|(?<=middle\s))"
    r"(?P<season>(?i:spring|summer|fall|autumn|winter))\b"
    r"(?:\s+(?:of\s+)?(?P<sy>" + _YEARX + r"))?"
    r"|(?P<season2>(?i:spring|summer|fall|autumn|winter))\s+(?:of\s+)?(?P<sy2>" + _YEARX + r")"
)
_CLASSES["holiday"] = (
    r"(?:(?P<hdet>(?i:this|last|next))\s+)?(?P<hol>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))?"
    r"|New\s+Year\s+(?:Day|Eve)|Independence\s+Day|Thanksgiving(?:\s+Day)?|Halloween|Valentine's\s+Day"
    r"|Labor\s+Day|Memorial\s+Day|Easter\s+Monday|Easter(?:\s+Sunday)?|Veterans\s+Day|Good\s+Friday|Boxing\s+Day"
    r"|St\.?\s+Patrick's\s+Day|Christmas\s+Day|Palm\s+Sunday|(?:Holy|Maundy)\s+Thursday|Holy\s+Saturday"
    r"|Ash\s+Wednesday|Easter\s+Monday|Pentecost(?:\s+Sunday)?|Ascension\s+Day|Election\s+Day"
    r"|Martin\s+Luther\s+King(?:\s+Jr\.?)?(?:'s)?\s+(?:Day|Birthday)|MLK\s+Day|Presidents'?\s+Day"
    r"|Columbus\s+Day|Mother's\s+Day|Father's\s+Day|Inauguration\s+Day|Groundhog\s+Day|Canada\s+Day"
    r"|Bastille\s+Day|Remembrance\s+Day|Armistice\s+Day|Earth\s+Day|April\s+Fools'?\s+Day|May\s+Day"
    r"|(?:International\s+)?Women's\s+Day|World\s+AIDS\s+Day|Black\s+Friday|Cyber\s+Monday|Juneteenth"
    r"|Flag\s+Day|Australia\s+Day|Anzac\s+Day)\b(?:\s*,?\s+(?P<hy>" + _YEAR + r"))?"
)
_CLASSES["ago"] = (
    _QMOD + r"(?P<num>" + _NUM + r")[\s-]+(?:(?i:more|full|whole)\s+)?(?P<unit>" + _UNIT + r")"
    r"(?:\s+(?i:or\s+so))?\s+(?P<dir>" + _PASTED + r")(?!\w)"
)
_CLASSES["duration"] = (
    _QMOD + r"(?:(?P<det>(?i:the|a|an|this|these|those))\s+)?"
    r"(?:(?P<adj>(?i:past|last|next|coming|previous|first|final|remaining|following|preceding|prior|initial"
    r"|entire|whole|full|same|latest|succeeding|ensuing|subsequent|recent|opening|closing))\s+)?"
    r"(?P<num>" + _NUM + r")(?:[\s-]+(?i:more|additional|straight|consecutive|full|long|whole|extra"
    r"|successive|subsequent|fiscal|calendar|business|working|trading))?[\s-]+(?P<unit>" + _UNIT + r")"
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
_CLASSES["rel"] = (
    r"(?:(?P<sometime>(?i:sometime))\s+)?" + _EDGE
    + r"(?P<det>(?i:this|last|next|that|the\s+(?:same|previous|following|next|current|latest|prior|preceding|"
    r"coming|last|most\s+recent)|current|same|this\s+(?:past|coming)))\s+"
    r"(?P<what>(?i:week|weekend|month|year|quarter|decade|century|fiscal\s+year|day|morning|afternoon|evening"
    r"|night)\b|" + _MONTH + r"|" + _WDAY + r"\b)(?:\s+(?P<pod>" + _POD + r"))?(?P<orso>\s+(?i:or\s+so)\b)?"
)
_CLASSES["deictic"] = (
    _EDGE + r"(?P<dw>(?i:today|yesterday|tomorrow|tonight|overnight|right\s+now|now|currently|nowadays|presently"
    r"|(?:more\s+|most\s+)?recently"
    r"|lately|formerly|the\s+(?:near\s+|distant\s+|immediate\s+)?future|the\s+(?:recent\s+)?past"
    r"|the\s+present|these\s+days|the\s+other\s+day|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
    r"|the\s+day\s+(?:before|after)(?=\s*[,.;:)])"
    r"|the\s+day(?=\s+(?:before|after)\s+(?:that|the|this|his|her|their|its|a|an)\b)"
    r"|the\s+weekend|the\s+(?:next|following|previous|same)\s+"
    r"(?:morning|afternoon|evening|night)|then)\b)"
    r"(?:\s+(?P<pod>" + _POD + r"))?"
)
_CLASSES["weekday"] = (
    _EDGE + r"(?P<wd>" + _WDAY + r")(?P<plural>s)?\b(?:\s+(?P<pod>" + _POD + r")(?P<pplural>s)?\b)?"
)
_CLASSES["month"] = _EDGE + r"(?P<mon>" + _MONTH + r")"
_CLASSES["set"] = (
    r"(?P<q>(?i:every|each|per))\s+(?:(?P<other>(?i:other))\s+)?(?:(?P<num>" + _NUM + r")\s+)?"
    r"(?P<u>" + _UNIT + r"|" + _WDAY + r"\b|" + _MONTH + r"|" + _POD + r"\b|(?i:spring|summer|fall|autumn|winter)\b)"
    r"|(?:(?i:once|twice|thrice)\s+)?"
    r"(?P<adv>(?i:daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|semiannually"
    r"|biannually|bimonthly))\b"
    r"|(?P<freq>(?i:once|twice|thrice|" + _NUM + r"\s+times))\s+(?i:a|an|per|each|every)\s+(?P<fu>" + _UNIT_S + r")\b"
)
_CLASSES["yearago"] = (
    r"(?:(?P<the>(?i:the))\s+(?:(?i:comparable|same|corresponding)\s+)?(?=(?i:year)[- ]\w+\s+(?:first|second|third"
    r"|fourth|quarter|period|month|nine|six)))?(?P<ya>(?i:year-(?:earlier|ago)|year\s+earlier|year\s+ago))"
    r"(?:\s+(?P<yu>(?i:(?:(?:first|second|third|fourth)\s+)?quarter|period|month|(?:nine|six)\s+months)))?\b"
    r"|(?P<cp>(?i:the\s+(?:same|corresponding|comparable)\s+(?:period|quarter)\s+"
    r"(?:last\s+year|a\s+year\s+(?:ago|earlier))"
    r"|the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)))\b"
    r"|(?:(?P<yamod>(?i:around|about))\s+(?=(?i:year)))?(?P<yend>(?i:year-end|year\s+end|year's\s+end))\b"
)
_CLASSES["edgeunit"] = (
    r"(?P<eedge>(?i:(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle|close|turn)\s+of|(?:earlier|later)\s+in))"
    r"\s+(?i:the)\s+(?P<eu>(?i:day|week|month|year|decade|century))\b"
)
_CLASSES["theyear"] = (
    r"(?P<ty>(?i:the\s+(?:(?:fiscal|full|calendar|whole|entire)\s+)?(?P<tyu>year|week)))\b"
    r"(?![- ](?i:ended|ending|earlier|ago|before|after|end|two|that|in|when|of|he|she|they|it|we|I)\b)(?!'s\s+end)(?!-)"
)
# a part of the day on its own: "in the morning", "by mid-afternoon", "mid-afternoon yesterday"
_CLASSES["podalone"] = (
    r"(?:(?:(?<=[Ii]n\s)|(?<=[Bb]y\s)|(?<=[Dd]uring\s)|(?<=[Uu]ntil\s))(?i:the)\s+(?:(?P<pe1>(?i:early|late))\s+)?"
    r"|(?P<pe2>(?i:early|late|mid))[- ]?)(?P<pa>(?i:morning|afternoon|evening))\b"
    r"(?:\s+(?P<pday>(?i:yesterday|today|tomorrow)|" + _WDAY + r"))?"
    r"|(?P<ph>[1-9]|1[0-2]|" + _NUMW_SMALL + r")\s+(?P<pin>(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night))\b"
)
# "the second day of the offensive", "for a third straight day": the day of the report
_CLASSES["ordday"] = (
    r"(?:(?i:the|a)\s+)?(?:(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)"
    r"|(?<![\d.])\d{1,3}(?:st|nd|rd|th))\s+(?:(?i:straight|consecutive|successive)\s+)?(?i:day)\b(?![-'])"
)
_CLASSES["weekof"] = (
    r"(?P<wo>(?i:the\s+week(?:end)?))\s+of\s+(?P<wod>(?:" + _WDAY + r"\s*,?\s+)?(?:" + _MONTH + r"\s+" + _DAYN
    + r"|" + _DAYN + r"\s+" + _MONTH + r")(?:,?\s+" + _YEAR + r")?)"
)
_CLASSES["thequarter"] = r"(?P<tq>(?i:the\s+(?:fiscal\s+)?quarter))\b(?![-'])"
_CLASSES["recentadj"] = (
    r"(?P<adjw>(?i:current|then-current))\b(?=\s+[a-z])"
)

# years with their era: "300 BC", "10,000 B.C.", "AD 1005", "1005 A.D."
_CLASSES["era"] = (
    r"(?P<ad>" + _ERA_AD + r")\s*(?P<ady>" + _YEAR_CUED + r")"
    r"|(?P<ey>" + _YEAR_CUED + r")\s*(?:(?P<bc>" + _ERA_BC + r")|" + _ERA_AD + r")"
)

_CLASS_RE = {name: re.compile(p) for name, p in _CLASSES.items()}
_strip_names = re.compile(r"\(\?P<\w+>")

_NUMBER_WORDS = """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred few several couple
    half many some """
_MONTH_WORDS = """january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"""
# Words that can begin an expression.  The master regex only tries its (costly) alternatives at word starts
# whose word is one of these, a digit or an apostrophe; the check itself is a character trie, cheap in the
# regex engine.
_FIRST_WORDS = """
january february march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
tonight overnight now currently nowadays presently recently recent lately formerly then current right these this
last next past coming previous following preceding prior latest same early late mid middle earlier later end
start beginning close turn dawn very about around approximately roughly nearly almost some less fewer under
another upwards well barely within shortly fiscal calendar model fy every each per once twice thrice daily
weekly monthly annually yearly quarterly hourly nightly biweekly semiannually biannually bimonthly noon midnight
midday morning afternoon evening night first second third fourth fifth sixth seventh eighth ninth tenth eleventh
twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth final remaining
initial entire whole full succeeding ensuing subsequent opening closing one two three four five six seven eight
nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
sixty seventy eighty ninety hundred dozen few several couple many half spring summer fall autumn winter
christmas independence thanksgiving halloween valentine labor memorial easter veterans good boxing st seconds
minutes hours days weeks palm holy maundy ash pentecost ascension election martin mlk presidents columbus
mother's father's inauguration groundhog canada bastille remembrance armistice earth women's black cyber
juneteenth flag australia anzac months years decades centuries year q1 q2 q3 q4 day week month hour millennium
millennia ad a.d.
""".split() + [
    # determiners begin an expression only before one of the words that can follow them in one
    det + " " + w for det, follow in (
        ("the", _NUMBER_WORDS + """past last next coming previous following same current latest prior preceding most
            recent near distant immediate present other end start beginning middle close turn dawn very early late mid
            first second third fourth final fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth
            fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth year years week weeks quarter
            fiscal full calendar whole entire day days weekend morning afternoon evening night decade decades century
            centuries months hours minutes future spring summer fall autumn winter twenties thirties forties fifties
            sixties seventies eighties nineties corresponding comparable better latter year's remaining initial
            succeeding ensuing subsequent opening closing"""),
        ("a", _NUMBER_WORDS + """year week month day decade quarter weekend minute hour second century fortnight few
            thousand million billion trillion millennium
            couple dozen fiscal calendar while long short fairly very brief lengthy extended full whole year's
            more additional straight consecutive extra successive subsequent business working trading first third
            fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"""),
        ("an", "hour additional extended entire extra initial eight eleven eighteen eighty"),
        ("that", """day days week weekend month year years quarter decade century morning afternoon evening night time
            same spring summer fall autumn winter first second third fourth fiscal """ + _MONTH_WORDS),
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
_START_WORD = r"(?=(?i:" + _trie_regex(_FIRST_WORDS) + r")(?![a-z])|\d|'\d)"
_START = re.compile(r"(?<![\w'])" + _START_WORD)
# the same starts found faster (a pattern that begins with a character class is scanned for in C): the
# character before the start, then the start; a start at 0 is checked alone
_AFTER_START = re.compile(r"[^\w']" + _START_WORD)
_START_AT_0 = re.compile(_START_WORD)
_CLASS_ORDER = list(_CLASSES)


_ANY_CHAR = "*"  # any character, in the prefixes below


def _prefixes(items, flags: int, k: int, lead: str = "", coarse: bool = False) -> set[tuple[str, ...]]:
    """How a parsed pattern's matches can begin: tuples of at most ``k`` lowercase ASCII characters (or
    ``_ANY_CHAR``); a shorter tuple is a whole match. Lookarounds and anchors count as empty, character
    sets too large to list as any character: the answer is a superset, never too small. With ``lead``, only
    the beginnings that can start with it; ``coarse`` writes every digit as ``_DIGIT`` and sets of more
    than a dozen other characters as any character (so that long beginnings stay few)."""
    cur: set[tuple[str, ...]] = {()}
    for op, av in items:
        item = _prefixes_of(op, av, flags, k, coarse)
        cur = {p if len(p) >= k else (p + q)[:k] for p in cur for q in (item if len(p) < k else ((),))}
        if lead:
            cur = {p for p in cur if all(a == _ANY_CHAR or a == b for a, b in zip(p, lead))}
        if len(cur) > _MAX_PREFIXES:  # too many to be of use: anything
            return {(), (_ANY_CHAR,) * k}
    return cur


def _prefixes_of(op, av, flags: int, k: int, coarse: bool) -> set[tuple[str, ...]]:
    c = _sre_constants
    if op is c.LITERAL:
        return {(_symbol(chr(av), coarse) if av < 128 else _ANY_CHAR,)}
    if op is c.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is c.LITERAL and a < 128:
                chars.add(chr(a).lower())
            elif o is c.RANGE and a[1] < 128:
                chars |= {chr(i).lower() for i in range(a[0], a[1] + 1)}
            elif o is c.CATEGORY and a in _CATEGORY_CHARS:
                chars |= _CATEGORY_CHARS[a]
            else:  # negated sets, other categories, characters past ASCII
                return {(_ANY_CHAR,)}
        if coarse:
            chars = {_symbol(ch, True) for ch in chars}
        return {(ch,) for ch in chars} if len(chars) <= (12 if coarse else 40) else {(_ANY_CHAR,)}
    if op is c.BRANCH:
        return set().union(*(_prefixes(branch.data, flags, k, coarse=coarse) for branch in av[1]))
    if op is c.SUBPATTERN:
        return _prefixes(av[3].data, (flags | av[1]) & ~av[2], k, coarse=coarse)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, sub = av
        one = _prefixes(sub.data, flags, k, coarse=coarse)
        out: set[tuple[str, ...]] = set()
        cur: set[tuple[str, ...]] = {()}
        for n in range(min(high, max(low, k) + 1) + 1):  # more repeats add nothing new within k characters
            if n >= low:
                out |= cur
            cur = {p if len(p) >= k else (p + q)[:k] for p in cur for q in (one if len(p) < k else ((),))}
            if len(cur) > _MAX_PREFIXES:
                return {(), (_ANY_CHAR,) * k}
        return out
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {()}
    return {(), (_ANY_CHAR,) * k}


_DIGIT = "#"  # any digit, in coarse beginnings (where any white space is a space)
_MAX_PREFIXES = 5000


def _symbol(ch: str, coarse: bool) -> str:
    if coarse:
        if ch.isdigit():
            return _DIGIT
        if ch.isspace():
            return " "
    return ch.lower()


_CATEGORY_CHARS = {
    _sre_constants.CATEGORY_DIGIT: set("0123456789"),
    _sre_constants.CATEGORY_SPACE: set(" \t\n\r\f\v"),
    _sre_constants.CATEGORY_WORD: set(string.ascii_letters + string.digits + "_"),
}
_EVERY_CLASS = tuple((n, _CLASS_RE[n].match) for n in _CLASS_ORDER)
# Which classes can match where a candidate begins, told by its first two characters. Determiners open most
# classes, so after one (and a space) the two characters that follow tell more. For each lead ("": none) and
# class: {character: the characters that can follow it}, read from the patterns (slow: shipped, computed
# again only when the patterns no longer fit the shipped file), then a table filled as starts are met.
_LEADS = {"th": ("the ", "this "), "a ": ("a ",), "an": ("an ",)}
_LEAD_WORDS = ("", "the ", "this ", "a ", "an ")
_STARTS_FILE = Path(__file__).with_name("timex_starts.json")
_STARTS_VERSION = 1
_COARSE = str.maketrans("0123456789\t\n\r\x0b\x0c", _DIGIT * 10 + " " * 5)


def _starts_signature() -> str:
    return hashlib.sha256(json.dumps([_STARTS_VERSION, _LEAD_WORDS, list(_CLASSES.items())]).encode()).hexdigest()


def _start_sets(lead: str) -> dict[str, dict[str, str]]:
    """For each class: {first character after ``lead``: the characters that can follow it}."""
    out = {}
    for name, pattern in _CLASSES.items():
        parsed = _sre_parser.parse(pattern)
        d: dict[str, set[str]] = {}
        for p in _prefixes(parsed.data, parsed.state.flags, len(lead) + 2, lead, coarse=bool(lead)):
            p = p[len(lead):]
            d.setdefault(p[0] if p else _ANY_CHAR, set()).add(p[1] if len(p) > 1 else _ANY_CHAR)
        out[name] = {a: "".join(sorted(b)) for a, b in sorted(d.items())}
    return out


def write_start_sets(path: Path = _STARTS_FILE) -> None:
    """Write the start sets of every lead (run after changing a class pattern; a test checks the file)."""
    data = {"signature": _starts_signature(), "sets": {lead: _start_sets(lead) for lead in _LEAD_WORDS}}
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _shipped_start_sets() -> dict:
    try:
        data = json.loads(_STARTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data["sets"] if isinstance(data, dict) and data.get("signature") == _starts_signature() else {}


_START_SETS: dict[str, dict[str, dict[str, str]]] = _shipped_start_sets()
_MATCHER_TABLE: dict[tuple[str, str], tuple] = {}


def _matchers(lead: str, key: str) -> tuple:
    """(class, match) of the classes that can match text beginning with ``lead`` and then ``key`` (its next
    one or two characters, lowercase; coarse after a lead). Outside ASCII, every class."""
    found = _MATCHER_TABLE.get((lead, key))
    if found is not None:
        return found
    if not key or not key.isascii():
        found = _EVERY_CLASS
    else:
        if lead not in _START_SETS:
            _START_SETS[lead] = _start_sets(lead)
        sets = _START_SETS[lead]
        a, b = key[0], key[1:]

        def fits(d: dict[str, str]) -> bool:
            return any(not b or b in after or _ANY_CHAR in after for after in (d.get(a, ""), d.get(_ANY_CHAR, ""))
                       if after)

        found = tuple((n, _CLASS_RE[n].match) for n in _CLASS_ORDER if fits(sets[n]))
    _MATCHER_TABLE[(lead, key)] = found
    return found


# context regexes
# a period after an abbreviation ("Jan. 24", "Mr. Smith", "U.S. officials", "Roe vs. Wade") ends no sentence
_ABBREV = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr", "Mrs", "Ms",
           "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Prof", "St", "Rev", "Maj", "Adm", "vs", "No")
_SENT_END = re.compile(r"[.!?](?<!\b[A-Z]\.)" + "".join(r"(?<!\b%s\.)" % a for a in _ABBREV)
                       + r"[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(`]*[A-Z0-9])|\n\s*\n")
_FUTURE = re.compile(
    r"\b(?:will|wo\s*n't|won't|shall|'ll|going\s+to|plans?\s+to|planned\s+to|planning\s+to|set\s+(?:to|for)|scheduled"
    r"|slated|due\s+to|plan(?:s|ned|ning)?\s+for|planning|expects?\s+to|expected\s+to|intends?\s+to|aims?\s+to|hopes?\s+to"
    r"|prepar(?:e|es|ing)\s+for|to\s+be\s+held|would|upcoming|next\s+(?:week|month|year)|later\s+this"
    r"|is\s+to|are\s+to|as\s+soon\s+as|(?-i:may|might)\s+(?:not\s+)?(?:be\s+)?[a-z]+)\b",
    re.I)
_PAST = re.compile(
    r"\b(?:[Ss]aid|[Ss]ays|(?:[Ww]as|[Ww]ere)(?!\s+(?:not\s+)?(?:planning|going\s+to|expected|scheduled|set\s+to|due|about\s+to|slated)\b)|[Hh]ad|[Dd]id|ago|[Ll]ast|[Ee]arlier|[Yy]esterday|[Tt]old|[Mm]et|[Ll]eft"
    r"|[Ww]ent|[Cc]ame|[Ss]ent|[Hh]eld|[Ff]ell|[Rr]ose|[Bb]egan|[Ss]aw|[Gg]ave|[Tt]ook|[Mm]ade|[Ff]ound|[Ss]pent"
    r"|[Kk]illed|[Ss]poke|[Ww]rote|[Ww]on|[Ll]ost|[Pp]aid|[Ss]truck|[Ff]lew|[Ll]ed|[Bb]rought|[Tt]hought|[Kk]ept"
    r"|[Ss]ought|[Ww]ithdrew|[Cc]hose|[Bb]roke|[Ss]old|[Bb]ought|[a-z]{2,}(?<!e)ed)\b")
_ATTRIBUTIVE = re.compile(r"\b(?:a|an|the|still|yet|new|as\s+yet)\s+$", re.I)
_GENERIC_TODAY = re.compile(r"['\u2019]s\s+(?:world|youth|society|generation|young|children|kids|teenagers|standards)\b")
# past cues that are never participles
_FINITE_PAST = {"said", "says", "was", "were", "had", "did", "ago", "last", "earlier", "yesterday", "went", "came",
                "fell", "rose", "began", "saw", "gave", "took", "spoke", "wrote", "flew", "withdrew", "chose", "broke"}
# how far back (characters) a mentioned quarter sets the period that "a year ago" compares with
_QREF_REACH = 1200
_WOULD_HAVE = re.compile(r"\s+(?:not\s+)?have\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|am|be|being|'s|'re|will|would|shall|should|can|could|must|to|'ll"
                             r"|stays?|remains?)\s+(?:\w+ly\s+|not\s+)?$", re.I)
# present forms of "to be": a nearer one outweighs a past cue
_PRESENT = re.compile(r"\b(?:is|are|am)\b(?!\s+(?:not\s+)?(?:\w+ly\s+)?(?:been|expected|scheduled|set|due|going|to)\b)")
# a reporting verb right before the expression dates the report: "said on Thursday it would..."
_SAID_BEFORE = re.compile(r"\b(?:said|told|announced|reported|added|stated|declared|confirmed|disclosed|warned"
                          r"|predicted|promised|pledged|vowed|urged)\s+(?:on\s+|late\s+|early\s+)?$")
# participles that announce a future event ("the planned merger", "scheduled for")
_FUTURE_PARTICIPLES = {"planned", "scheduled", "expected", "slated", "proposed", "intended", "anticipated"}
# past reporting verbs: they date the report, not the event reported
_REPORTING = {"said", "says", "told", "announced", "reported", "added", "stated", "noted", "declared",
              "confirmed", "disclosed", "indicated", "warned", "predicted", "promised", "pledged", "vowed",
              "forecast", "estimated", "projected", "agreed", "decided", "urged", "asked", "thought"}
# clause edges: tense markers beyond them belong to another clause
_CLAUSE_EDGE = re.compile(r",\s+(?:and|but|while|whereas)\s|;\s|\s(?:but|whereas)\s")
# a deadline-like preposition before a date: pick the nearest occurrence
_DEADLINE = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill|[Bb]efore|[Tt]hrough|[Nn]ow\s+and|[Dd]ue|[Dd]eadline\s+of)\s+(?:the\s+)?$")
_UNTIL = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill)\s+$")
# "effective Feb. 1": a change that takes effect ahead
_EFFECTIVE = re.compile(r"(?<!became\s)(?<!was\s)(?<!were\s)(?<!been\s)\b[Ee]ffective\s+(?:on\s+|as\s+of\s+)?$")
# "since March": the period began before the anchor
_SINCE = re.compile(r"\b[Ss]ince\s+(?:(?:shortly|just|soon|right)\s+)?(?:(?:after|before)\s+)?(?:the\s+)?"
                    r"(?:early\s+|late\s+|mid-?\s*)?$")
_MOVED = re.compile(r"(?i)\b(?:postpon|delay|extend|defer|adjourn|push(?:ed)?\s+back|put\s+off|deadline)\w*"
                    r"\b[^.;:!?]{0,50}?\b(?:until|till|to|by)\s+(?:\w+\s+){0,4}$")
# a future cue inside a past perfect ("had been scheduled to") speaks of a past plan
# what precedes "a year" when it is a rate ("$2 million a year", "700 seats a week", "interviews a day")
_RATE_BEFORE = re.compile(r"(?:[\d%]|\b(?:million|billion|trillion|thousand|hundred|dozen|percent|cent)"
                          r"|[a-z]{3,}(?<!s)(?<!ou)s)\s+$")
_HAD_BEEN = re.compile(r"\bhad\s+been\s+(?:\w+ly\s+)?$", re.I)
_UNITISH_AFTER = re.compile(
    r"\s*(?:people|persons|soldiers|troops|workers|employees|shares|miles|kilometers|km|feet|foot|meters|metres"
    r"|tons|tonnes|dollars|yen|pounds|euros|points|votes|cases|deaths|men|women|children|units|copies|cars"
    r"|jobs|residents|members|students|barrels|acres|homes|houses|patients|refugees|police|officers|rounds"
    r"|times|pages|words|delegates|seats|percent|per\s+cent|passengers|sq|square|metric|signatures|guests)\b",
    re.I)

# ---------------------------------------------------------------------------
# calendar helpers

_Val = tuple  # (value, precision, start_date, end_date)

# Dates exist from 0001-01-01 to 9999-12-31. Every date computed here is range-checked: a result beyond the
# calendar raises _OffCalendar (date arithmetic) or is given a value without dates (value builders), so that
# "125,000 years ago" or "the 3rd century BC" never becomes a dated event.
_FIRST_DAY, _LAST_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()
_DAYS_PER_400_YEARS = 146097


class _OffCalendar(Exception):
    """A date computed beyond the calendar; ``year`` is its astronomical year (0 = 1 BC, -1 = 2 BC...)."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def _in_calendar(y: int) -> bool:
    return dt.MINYEAR <= y <= dt.MAXYEAR


def _year_of_ordinal(o: int) -> int:
    """Year of a day number (1 = 0001-01-01), also past either end of the calendar (then approximate)."""
    if _FIRST_DAY <= o <= _LAST_DAY:
        return dt.date.fromordinal(o).year
    return 1 + (o - 1) * 400 // _DAYS_PER_400_YEARS


def _beyond(year: int, prec: str | None = "year") -> _Val:
    """Value of a period beyond the calendar, with no dates: TimeML's BC form for a year BC 1..9999 (BC0300;
    decades BC030, centuries BC03), else PAST_REF or FUTURE_REF."""
    if year <= 0 and 1 - year <= 9999:
        bc = 1 - year
        if prec == "century":
            return (f"BC{bc // 100:02d}", None, None, None)
        if prec == "decade":
            return (f"BC{bc // 10:03d}", None, None, None)
        return (f"BC{bc:04d}", None, None, None)
    return ("PAST_REF" if year <= 0 else "FUTURE_REF", None, None, None)


def _add_days(d: dt.date, n: int) -> dt.date:
    o = d.toordinal() + n
    if not _FIRST_DAY <= o <= _LAST_DAY:
        raise _OffCalendar(_year_of_ordinal(o))
    return dt.date.fromordinal(o)


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _v_day(d: dt.date) -> _Val:
    return (d.isoformat(), "day", d, d)


def _v_month(y: int, m: int) -> _Val:
    if not _in_calendar(y):
        return _beyond(y)
    return (f"{y:04d}-{m:02d}", "month", dt.date(y, m, 1), _month_end(y, m))


def _v_year(y: int) -> _Val:
    if not _in_calendar(y):
        return _beyond(y)
    return (f"{y:04d}", "year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def _week_days(d: dt.date, first: int, last: int) -> tuple[dt.date, dt.date] | None:
    """Days ``first``..``last`` (0 = Monday) of the week of d, cut at the ends of the calendar; None when
    none of them is in it."""
    mon = d.toordinal() - d.weekday()
    a, b = max(mon + first, _FIRST_DAY), min(mon + last, _LAST_DAY)
    return (dt.date.fromordinal(a), dt.date.fromordinal(b)) if a <= b else None


def _v_week(d: dt.date) -> _Val:
    iy, iw, _ = d.isocalendar()
    mon, sun = _week_days(d, 0, 6)
    return (f"{iy:04d}-W{iw:02d}", "week", mon, sun)


def _v_weekend(d: dt.date) -> _Val:
    iy, iw, _ = d.isocalendar()
    days = _week_days(d, 5, 6)
    if days is None:
        return _beyond(iy + 1)
    return (f"{iy:04d}-W{iw:02d}-WE", "week", days[0], days[1])


def _v_quarter(y: int, q: int) -> _Val:
    if not _in_calendar(y):
        return _beyond(y)
    return (f"{y:04d}-Q{q}", "quarter", dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))


def _v_half(y: int, h: int) -> _Val:
    if not _in_calendar(y):
        return _beyond(y)
    return (f"{y:04d}-H{h}", "half", dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h))


_SEASON_SPAN = {"SP": ((3, 20), (6, 20)), "SU": ((6, 21), (9, 22)), "FA": ((9, 23), (12, 20)),
                "WI": ((12, 21), (3, 19))}


def _v_season(y: int, s: str) -> _Val:
    if not _in_calendar(y):
        return _beyond(y)
    (m1, d1), (m2, d2) = _SEASON_SPAN[s]
    end_y = y + (s == "WI")  # winter ends in the next year
    end = dt.date(end_y, m2, d2) if _in_calendar(end_y) else dt.date.max
    return (f"{y:04d}-{s}", "season", dt.date(y, m1, d1), end)


def _v_decade(dec: int) -> _Val:  # dec = year // 10
    if not (_in_calendar(dec * 10 + 9) or _in_calendar(dec * 10)):
        return _beyond(dec * 10, "decade")
    return (f"{dec:03d}", "decade", dt.date(max(dec * 10, 1), 1, 1), dt.date(dec * 10 + 9, 12, 31))


def _v_century(c: int) -> _Val:  # c = year // 100
    if not (_in_calendar(c * 100 + 99) or _in_calendar(c * 100)):
        return _beyond(c * 100, "century")
    return (f"{c:02d}", "century", dt.date(max(c * 100, 1), 1, 1), dt.date(c * 100 + 99, 12, 31))


def _v_pod(d: dt.date, pod: str) -> _Val:
    return (f"{d.isoformat()}T{PARTS_OF_DAY[pod]}", "time", d, d)


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    if not _in_calendar(y):
        raise _OffCalendar(y)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


_UNIT_DAYS = {"D": 1, "W": 7, "WE": 7, "FN": 14}
_UNIT_MONTHS = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200, "ML": 12000}


def _shift(d: dt.date, unit: str, n: float) -> dt.date:
    """d moved by n units (rounded to whole units); raises _OffCalendar past either end of the calendar."""
    if isinstance(n, float) and not math.isfinite(n):
        raise _OffCalendar(0 if n < 0 else dt.MAXYEAR + 1)
    n = int(round(n))
    if unit in _UNIT_DAYS:
        return _add_days(d, _UNIT_DAYS[unit] * n)
    if unit in _UNIT_MONTHS:
        return _add_months(d, _UNIT_MONTHS[unit] * n)
    return d


def _shifted_value(d: dt.date, unit: str, n: float, prec: str) -> _Val:
    """The value at precision ``prec`` of d moved by n units, beyond the calendar said as such."""
    try:
        return _at_precision(_shift(d, unit, n), prec)
    except _OffCalendar as off:
        return _beyond(off.year, prec)


def _at_precision(d: dt.date, prec: str) -> _Val:
    if prec == "day":
        return _v_day(d)
    if prec == "week":
        return _v_week(d)
    if prec == "month":
        return _v_month(d.year, d.month)
    if prec == "quarter":
        return _v_quarter(d.year, (d.month - 1) // 3 + 1)
    if prec == "half":
        return _v_half(d.year, 1 if d.month <= 6 else 2)
    if prec == "decade":
        return _v_decade(d.year // 10)
    if prec == "century":
        return _v_century(d.year // 100)
    return _v_year(d.year)


_UNIT_PREC = {"D": "day", "W": "week", "WE": "week", "FN": "week", "M": "month", "Q": "quarter",
              "Y": "year", "DE": "decade", "CE": "century", "ML": "century", "H": "time", "MIN": "time", "S": "time"}


def _easter(y: int) -> dt.date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


def _nth_weekday(y: int, m: int, wd: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(y, m, 1)
        return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = _month_end(y, m)
    return last - dt.timedelta(days=(last.weekday() - wd) % 7)


def _holiday_date(name: str, y: int) -> dt.date:
    if not _in_calendar(y):
        raise _OffCalendar(y)
    n = " ".join(name.lower().replace(".", "").split())
    if n.startswith("christmas eve"):
        return dt.date(y, 12, 24)
    if n.startswith("christmas"):
        return dt.date(y, 12, 25)
    if n.endswith("eve"):  # New Year's Eve
        return dt.date(y, 12, 31)
    if n.startswith("new year"):
        return dt.date(y, 1, 1)
    if n.startswith("independence"):
        return dt.date(y, 7, 4)
    if n.startswith("thanksgiving"):
        return _nth_weekday(y, 11, 3, 4)
    if n.startswith("halloween"):
        return dt.date(y, 10, 31)
    if n.startswith("valentine"):
        return dt.date(y, 2, 14)
    if n.startswith("labor"):
        return _nth_weekday(y, 9, 0, 1)
    if n.startswith("memorial"):
        return _nth_weekday(y, 5, 0, -1)
    if n.startswith("easter") and not n.endswith("monday"):
        return _easter(y)
    if n.startswith("good friday"):
        return _easter(y) - dt.timedelta(days=2)
    if n.startswith("veterans"):
        return dt.date(y, 11, 11)
    fixed = _FIXED_HOLIDAYS.get(n.split()[0])
    if fixed and not n.startswith(("easter", "palm", "holy", "maundy", "ash", "pentecost", "ascension")):
        return dt.date(y, *fixed)
    for key, (m_, wd, k) in _NTH_WEEKDAY_HOLIDAYS.items():
        if n.startswith(key):
            return _nth_weekday(y, m_, wd, k)
    for key, off in _EASTER_OFFSETS.items():
        if n.startswith(key):
            return _easter(y) + dt.timedelta(days=off)
    if n.startswith("election"):  # the Tuesday after the first Monday of November
        return _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1)
    if n.startswith("black"):  # the day after Thanksgiving
        return _nth_weekday(y, 11, 3, 4) + dt.timedelta(days=1)
    if n.startswith("cyber"):
        return _nth_weekday(y, 11, 3, 4) + dt.timedelta(days=4)
    if n.startswith("boxing"):
        return dt.date(y, 12, 26)
    return dt.date(y, 3, 17)  # St. Patrick's Day


# holidays on a fixed day (keyed by their first word), on the n-th weekday of a month, or moving with Easter
_FIXED_HOLIDAYS = {"inauguration": (1, 20), "groundhog": (2, 2), "canada": (7, 1), "bastille": (7, 14),
                   "remembrance": (11, 11), "armistice": (11, 11), "earth": (4, 22), "april": (4, 1), "may": (5, 1),
                   "international": (3, 8), "women's": (3, 8), "world": (12, 1), "juneteenth": (6, 19),
                   "flag": (6, 14), "australia": (1, 26), "anzac": (4, 25)}
_NTH_WEEKDAY_HOLIDAYS = {"martin": (1, 0, 3), "mlk": (1, 0, 3), "presidents": (2, 0, 3), "columbus": (10, 0, 2),
                         "mother's": (5, 6, 2), "father's": (6, 6, 3)}
_EASTER_OFFSETS = {"palm": -7, "holy thursday": -3, "maundy": -3, "holy saturday": -1, "ash": -46,
                   "easter monday": 1, "pentecost": 49, "ascension": 39}
_MOVING = ("thanksgiving", "labor", "memorial", "easter", "good", "palm", "holy", "maundy", "ash", "pentecost",
           "ascension", "election", "martin", "mlk", "presidents", "columbus", "mother", "father", "black", "cyber")


def _holiday_md(name: str) -> str | None:
    """Fixed month-day of a holiday for placeholders, None when it moves."""
    d = _holiday_date(name, 2001)
    moving = name.lower().startswith(_MOVING)
    return None if moving else f"{d.month:02d}-{d.day:02d}"


# ---------------------------------------------------------------------------
# numbers

_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_MAX_DIGITS = 4000  # longer digit strings are no number read here (nor by int())


def _parse_num(s: str) -> float | None:
    """Numeric value of a number phrase; None for vague quantities (few, several...) and for numbers too
    large to be told (a finite value or None, never infinity)."""
    s = " ".join(s.lower().replace("-", " ").split())
    if not s:
        return None
    head, _, scale = s.rpartition(" ")
    if scale in _SCALES and head:  # "50 million", "two to three thousand"
        n = _parse_num(head)
        return None if n is None else n * _SCALES[scale]
    rng = re.match(r"(.+?)\s*(?:\bto\b|\bor\b| )\s*(\d[\d,.]*(?: 1/2)?|[a-z].*)$", s) if (
        " to " in s or " or " in s or (s[0].isdigit() and " " in s and "/" not in s)) else None
    if rng:
        return _parse_num(rng.group(1))
    half = 0.0
    for tail in (" 1/2", "\u00bd", " and a half"):
        if s.endswith(tail):
            s, half = s[: -len(tail)].strip(), 0.5
            break
    if half:
        n = _parse_num(s) if s else 0
        return None if n is None else n + half
    if s[0].isdigit():
        digits = s.replace(",", "")
        if digits.isdigit():
            return int(digits) if len(digits) <= _MAX_DIGITS else None
        try:
            n = float(digits)
        except ValueError:
            return None
        return n if math.isfinite(n) else None
    if s in _SMALL:
        return _SMALL[s]
    if s in ("a few", "few", "several", "many", "some"):
        return None
    if s.endswith("hundred"):
        return 100
    parts = s.split()
    if parts and parts[0] in _TENS:
        return _TENS[parts[0]] + (_SMALL.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _year_int(s: str) -> int:
    """Year of a numeric or spelled-out year ("1996", "nineteen ninety-six", "two thousand one")."""
    if s[:1].isdigit():
        return int(s)
    w = " ".join(s.lower().replace("-", " ").split())
    if w.startswith("two thousand"):
        rest = w[len("two thousand"):].replace(" and ", " ").strip()
        return 2000 + (int(_parse_num(rest) or 0) if rest else 0)
    head, _, rest = w.partition(" ")
    if rest.startswith("oh "):
        rest = rest[3:]
    return _SMALL[head] * 100 + int(_parse_num(rest) or 0)


def _day_int(s: str) -> int:
    if s[:1].isdigit():
        return int(re.match(r"\d+", s).group())
    w = " ".join(s.lower().replace("-", " ").split())
    if w in _ORDINALS:
        return _ORDINALS[w]
    if w == "thirtieth":
        return 30
    head, _, rest = w.partition(" ")
    return _TENS[head] + _ORDINALS[rest]


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


_SUBUNIT = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60), "MIN": ("S", 60)}


def _duration_value(n: float | None, unit: str) -> str:
    if n is not None and n != int(n) and unit in _SUBUNIT:
        # "2 1/2 years" -> P2Y6M, "half an hour" -> PT30M
        sub, per = _SUBUNIT[unit]
        whole, rest = int(n), int(round((n - int(n)) * per))
        if unit == "W":
            return f"P{int(round(n * 7))}D"
        timed = unit in ("H", "MIN", "S")
        head = f"{whole}{'M' if unit == 'MIN' else unit}" if whole else ""
        if timed:
            return f"PT{head}{rest}{sub}"
        if sub == "H":
            return f"P{head}T{rest}H"
        return f"P{head}{rest}{sub}"
    if unit in ("H", "MIN", "S"):
        code = {"H": "H", "MIN": "M", "S": "S"}[unit]
        return f"PT{'X' if n is None else _fmt_num(n)}{code}"
    if unit == "DE":
        return "P" + ("X" if n is None else _fmt_num(n * 10)) + "Y"
    if unit == "CE":
        return "P" + ("X" if n is None else _fmt_num(n * 100)) + "Y"
    if unit == "ML":
        return "P" + ("X" if n is None else _fmt_num(n * 1000)) + "Y"
    if unit == "FN":
        return "P" + ("X" if n is None else _fmt_num(n * 2)) + "W"
    if unit == "WE":
        return "P" + ("X" if n is None else _fmt_num(n)) + "WE"
    return f"P{'X' if n is None else _fmt_num(n)}{unit}"


def _unit_code(u: str) -> str:
    u = u.lower()
    if u == "centuries":
        return "CE"
    if u.endswith("s"):
        u = u[:-1]
    return _UNITS.get(u, "D")


_MOD_WORDS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "close to": "APPROX", "nearly": "APPROX", "almost": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "upwards of": "MORE_THAN", "in excess of": "MORE_THAN",
    "well over": "MORE_THAN", "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
    "barely": "LESS_THAN", "within": "EQUAL_OR_LESS",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "shortly before": "BEFORE", "just before": "BEFORE", "shortly after": "AFTER", "just after": "AFTER",
}
_EDGE_MOD = {"early": "START", "late": "END", "mid": "MID", "middle": "MID", "end": "END", "start": "START",
             "beginning": "START", "close": "END", "turn": "START", "dawn": "START"}


def _mod_of(word: str | None) -> str | None:
    if not word:
        return None
    return _MOD_WORDS.get(" ".join(word.lower().split()))


def _edge_mod(edge: str | None) -> str | None:
    if not edge:
        return None
    for w in edge.lower().replace("-", " ").split():
        if w in _EDGE_MOD:
            return _EDGE_MOD[w]
    return None


# ---------------------------------------------------------------------------
# resolution context

class _Ctx:
    __slots__ = ("text", "anchor", "anchor_dt", "sent_starts", "ref", "tense_override", "qref", "_tenses")

    def __init__(self, text: str, anchor, tense: str | None = None):
        self.text = text
        if isinstance(anchor, dt.datetime):
            self.anchor, self.anchor_dt = anchor.date(), anchor
        else:
            self.anchor, self.anchor_dt = anchor, None
        self.sent_starts: list[int] | None = None
        self.ref: tuple[dt.date, str] | None = None  # last resolved explicit date and its precision
        self.tense_override = tense
        self._tenses: dict[tuple[int, int], tuple[str, bool]] = {}
        self.qref: tuple[dt.date, int] | None = None  # last quarter mentioned (its first day, text offset)

    def tense(self, start: int, end: int) -> str:
        return self.tense_detail(start, end)[0]

    def tense_detail(self, start: int, end: int) -> tuple[str, bool]:
        """(tense of the clause around start..end, whether its past cue is only a reporting verb)."""
        if self.tense_override:
            return self.tense_override, False
        known = self._tenses.get((start, end))
        if known is None:
            known = self._tenses[(start, end)] = self._tense_detail(start, end)
        return known

    def _tense_detail(self, start: int, end: int) -> tuple[str, bool]:
        if self.sent_starts is None:
            self.sent_starts = [0] + [m.end() for m in _SENT_END.finditer(self.text)]
        i = bisect.bisect_right(self.sent_starts, start) - 1
        s0 = self.sent_starts[i]
        s1 = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        s1 = min(s1, end + 250)
        s0 = max(s0, start - 250)
        for m in _CLAUSE_EDGE.finditer(self.text, s0, s1):
            if m.end() <= start:
                s0 = m.end()
            elif m.start() >= end:
                s1 = m.start()
                break
        text = self.text
        fut = past = None
        for m in _FUTURE.finditer(text, s0, s1):
            if start <= m.start() < end:
                continue
            if m.group().lower() == "would" and _WOULD_HAVE.match(text, m.end()):
                continue  # counterfactual "would have": no future
            if _HAD_BEEN.search(text, max(0, m.start() - 25), m.start()):
                continue  # "had been scheduled to": a past plan
            d = start - m.end() if m.end() <= start else m.start() - end
            if fut is None or d < fut:
                fut = d
        reporting = True
        for m in _PAST.finditer(text, s0, s1):
            if start <= m.start() < end:
                continue
            w = m.group()
            if w[:2] == "un" and w.endswith("ed") and _ATTRIBUTIVE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "a still unspecified date": an adjective
            if w.lower() not in _FINITE_PAST and _PASSIVE_BEFORE.search(text, max(0, m.start() - 14), m.start()):
                continue  # "is expected", "are scheduled": a present passive, not a past event
            if w.lower() in _FUTURE_PARTICIPLES:
                continue
            d = start - m.end() if m.end() <= start else m.start() - end
            if w.lower() not in _REPORTING:
                reporting = False
            if past is None or d < past:
                past = d
        if fut is not None and (past is None or fut <= past):
            if past is not None and _SAID_BEFORE.search(text, max(0, start - 20), start):
                return "past", True
            return "future", False
        if past is not None:
            # a present verb nearer than any past one ("when the case is heard in May"): no direction
            for m in _PRESENT.finditer(text, max(s0, start - past), min(s1, end + past)):
                if not start <= m.start() < end:
                    return "present", False
            return "past", reporting
        return "present", False

    def quarter_ref(self, pos: int) -> dt.date | None:
        """First day of the quarter under discussion (mentioned within the preceding paragraphs), if any."""
        if self.qref is not None and 0 <= pos - self.qref[1] <= _QREF_REACH:
            return self.qref[0]
        return None

    def base(self) -> dt.date | None:
        """Reference for anaphoric expressions: the last full date mentioned, else the anchor."""
        if self.ref is not None and self.ref[1] == "day":
            return self.ref[0]
        return self.anchor


def _mk(ctx_type: str, val, mod=None, relative=False, anchored=True) -> tuple:
    return (ctx_type, val, mod, relative, anchored)


def _unanchored(value: str, type_: str = "DATE", mod=None) -> tuple:
    return (type_, (value, None, None, None), mod, True, False)


# ---------------------------------------------------------------------------
# class handlers: (match, ctx, span) -> result tuple or None

def _pick(ctx: _Ctx, span, prev, nxt, dprev: float, dnext: float, period: float = 365):
    """Choose between the occurrence on/before the anchor and the one on/after it.

    ``period`` is the length of the cycle in the unit of ``dprev``/``dnext``
    (365 days, 12 months, 4 quarters...).  The tense of the sentence picks the
    side, unless that side lies more than half a cycle away while the other
    lies within a quarter of one: news rarely leaves out the year of a date
    that far off, so a tense cue that points there is more likely misread.
    """
    if prev == nxt:
        return prev
    before = ctx.text[max(0, span[0] - 30):span[0]]
    if _SINCE.search(before):
        return prev
    if _EFFECTIVE.search(before):
        return nxt
    tense, reporting = ctx.tense_detail(*span)
    if _DEADLINE.search(before):
        if tense == "future" and not (dnext > period / 2 and dprev <= period / 4):
            return nxt
        return prev if dprev <= dnext else nxt
    if tense == "future":
        if dnext > period / 2 and dprev <= period / 4:
            return prev
        return nxt
    if tense == "past":
        # a month name alone is often a date of the past year; only a reporting verb ("said") is a weak cue
        if dprev > period / 2 and dnext <= period / 4 and (period != 12 or reporting):
            return nxt
        return prev
    return prev if dprev <= dnext else nxt


def _resolve_md(ctx: _Ctx, span, mon: int, day: int, mod=None):
    if ctx.anchor is None:
        return _unanchored(f"XXXX-{mon:02d}-{day:02d}", mod=mod)
    a = ctx.anchor

    def occ(y):
        for k in range(4):
            d = _safe_date(y - k if y <= a.year else y + k, mon, day)
            if d:
                return d
        return None
    d = occ(a.year)
    if d is None:
        return None
    if d <= a:
        prev, nxt = d, (d if d == a else occ(a.year + 1))
    else:
        prev, nxt = occ(a.year - 1), d
    if prev is None or nxt is None:  # the other occurrence lies beyond the calendar
        d = prev or nxt
    else:
        d = _pick(ctx, span, prev, nxt, (a - prev).days, (nxt - a).days)
    return _mk("DATE", _v_day(d), mod, True)


def _resolve_month(ctx: _Ctx, span, mon: int, mod=None, det: str | None = None):
    if ctx.anchor is None:
        return _unanchored(f"XXXX-{mon:02d}", mod=mod)
    a = ctx.anchor
    det = (det or "").lower()
    if det == "last" or "past" in det or "previous" in det:
        y = a.year if mon < a.month else a.year - 1
    elif det == "next" or "coming" in det or "following" in det:
        y = a.year if mon > a.month else a.year + 1
    elif det in ("this",):
        y = a.year
    elif mon == a.month:
        y = a.year
    else:
        py = a.year if mon < a.month else a.year - 1
        ny = a.year if mon > a.month else a.year + 1
        y = _pick(ctx, span, py, ny, (a.year - py) * 12 + a.month - mon, (ny - a.year) * 12 + mon - a.month, 12)
    return _mk("DATE", _v_month(y, mon), mod, True)


def _resolve_weekday(ctx: _Ctx, span, wd: int, det: str | None = None):
    a = ctx.anchor
    if a is None:
        return None
    det = (det or "").lower()
    if det == "last" or "past" in det or "previous" in det:
        return _add_days(a, -((a.weekday() - wd) % 7 or 7))
    if det == "next" or "coming" in det or "following" in det:
        return _add_days(a, (wd - a.weekday()) % 7 or 7)
    if det == "this":
        return _add_days(a, wd - a.weekday())
    if ctx.text[span[1]:span[1] + 2] in ("'s", "\u2019s"):
        # "Wednesday's ruling": an event named by its day has mostly taken place
        return _add_days(a, -((a.weekday() - wd) % 7))
    tense = ctx.tense(*span)
    if tense == "future" or (tense == "present" and _UNTIL.search(ctx.text, max(0, span[0] - 12), span[0])) \
            or _deadline_moved(ctx, span):
        return _add_days(a, (wd - a.weekday()) % 7)
    return _add_days(a, -((a.weekday() - wd) % 7))


def _deadline_moved(ctx: _Ctx, span) -> bool:
    """ "postponed until Tuesday", "extended the deadline to Friday": a new date ahead, whatever the tense."""
    before = ctx.text[max(0, span[0] - 80):span[0]]
    return bool(_MOVED.search(before))


def _h_time(m, ctx, span):
    g = m.groupdict()
    if g["noon"]:
        w = g["noon"].lower()
        hh, mi = (24, 0) if w == "midnight" else (12, 0)
    elif g["h"] is not None:
        hh, mi = int(g["h"]), int(g["mi"] or 0)
        ap = g["ampm"].lower()
        if hh == 0 or hh > 12:
            return None
        if ap.startswith("p") and hh != 12:
            hh += 12
        elif ap.startswith("a") and hh == 12:
            hh = 0
    elif g["h2"] is not None:
        hh, mi = int(g["h2"]), int(g["mi2"])
    elif g["h3"] is not None:
        hh, mi = int(g["h3"]), int(g["mi3"])
    else:
        h4 = g["h4"]
        hh = int(h4) if h4.isdigit() else int(_parse_num(h4) or 0)
        if not 1 <= hh <= 12:
            return None
        mi = 0
    mod = _mod_of(g["tmod"])
    if g["tmod"] and g["tmod"].lower() in ("early", "late"):
        mod = _edge_mod(g["tmod"])
    day = None
    relative = True
    tday = g["tday"]
    if tday:
        if tday.lower() in ("today", "tonight", "yesterday", "tomorrow"):
            if ctx.anchor is not None:
                off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[tday.lower()]
                day = _add_days(ctx.anchor, off)
        elif tday[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") and tday.rstrip(".") in (
                k.capitalize() for k in _WEEKDAYS):
            day = _resolve_weekday(ctx, span, _WEEKDAYS[tday.lower()])
        else:
            r = _interpret_text(tday, ctx, span)
            if r and r[1][1] == "day" and r[1][2] is not None:
                day = r[1][2]
                relative = r[3]
    else:
        day = ctx.base()
    hm = f"T{hh:02d}:{mi:02d}" if hh != 24 else "T24:00"
    if day is None:
        return _unanchored(f"XXXX-XX-XX{hm}", "TIME", mod)
    value = f"{day.isoformat()}{hm}"
    return _mk("TIME", (value, "time", day, day), mod, relative)


def _h_podof(m, ctx, span):
    g = m.groupdict()
    r = _interpret_text(m.string[m.start("date"):m.end()], ctx, span)
    pod = g["pod"].lower()
    mod = _edge_mod(g["edge"])
    if r is None or r[1][1] not in ("day", None):
        return None
    if r[1][2] is None:
        return _unanchored(r[1][0] + "T" + PARTS_OF_DAY[pod], "TIME", mod)
    return _mk("TIME", _v_pod(r[1][2], pod), mod, r[3])


def _h_wdate(m, ctx, span):
    g = m.groupdict()
    mon = _MONTHS[(g["mon"] or g["mon2"]).rstrip(".").lower()]
    day = _day_int(g["day"] or g["day2"])
    wd = _WEEKDAYS[g["wd"].lower()]
    if g["year"]:
        d = _safe_date(_year_int(g["year"]), mon, day)
        return _mk("DATE", _v_day(d)) if d else None
    if ctx.anchor is not None:
        a = ctx.anchor
        cands = [c for c in (_safe_date(a.year + k, mon, day) for k in (0, -1, 1)) if c and c.weekday() == wd]
        if cands:
            return _mk("DATE", _v_day(cands[0]), None, True)
    return _resolve_md(ctx, span, mon, day)


def _h_mdy(m, ctx, span):
    g = m.groupdict()
    mon = _MONTHS[(g["mon"] or g["mon2"]).rstrip(".").lower()]
    day = _day_int(g["day"] or g["day2"])
    y = g["year"] or g["year2"]
    mod = "APPROX" if g["amod"] else None
    if y:
        d = _safe_date(_year_int(y), mon, day)
        return _mk("DATE", _v_day(d), mod) if d else None
    if g["mon"] and g["mon"] in ("May", "March") and _looks_verbal(ctx.text, span):
        return None
    if not _safe_date(2000, mon, day):
        return None
    return _resolve_md(ctx, span, mon, day, mod)


def _h_numdate(m, ctx, span):
    g = m.groupdict()
    if g["iy"]:
        d = _safe_date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if d is None:
            return None
        if g["ih"]:
            return _mk("TIME", (f"{d.isoformat()}T{g['ih']}:{g['imi']}", "time", d, d))
        return _mk("DATE", _v_day(d))
    y = int(g["uy"])
    if y < 100:
        y += 1900 if y >= 50 else 2000
    d = _safe_date(y, int(g["um"]), int(g["ud"]))
    return _mk("DATE", _v_day(d)) if d else None


def _h_monyear(m, ctx, span):
    g = m.groupdict()
    mon = _MONTHS[g["mon"].rstrip(".").lower()]
    mod = _edge_mod(g["edge"])
    rel = False
    if g["ydet"]:
        # "June last year", "March 3 this year": the year is relative to the anchor
        if ctx.anchor is None:
            v = f"XXXX-{mon:02d}" + (f"-{_day_int(g['day']):02d}" if g["day"] else "")
            return _unanchored(v, mod=mod)
        y = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[g["ydet"].lower()]
        rel = True
    else:
        if g["day"]:
            return None  # "May 5 2012" is a full date, handled elsewhere
        y = _year_int(g["year"])
    if g["day"]:
        d = _safe_date(y, mon, _day_int(g["day"]))
        return _mk("DATE", _v_day(d), mod, rel) if d else None
    return _mk("DATE", _v_month(y, mon), mod, rel)


def _h_year(m, ctx, span):
    g = m.groupdict()
    y = _year_int(g["year"])
    if not (g["fy"] or g["edge"]):
        t = ctx.text
        s, e = span
        if not _year_context_ok(t, s, e):
            return None
        if g["year"].lower().startswith("two") and not re.search(
                r"(?i)\b(?:in|by|since|until|till|of|before|after|from|through|around|year)\s+$", t[max(0, s - 12):s]):
            return None  # "two thousand" alone is a number
    mod = _edge_mod(g["edge"])
    if g["prepost"]:
        mod = "BEFORE" if g["prepost"].lower() == "pre" else "AFTER"
    if g["ysuf"]:
        mod = "ON_OR_BEFORE" if re.search(r"(?i)earlier|before", g["ysuf"]) else "ON_OR_AFTER"
    return _mk("DATE", _v_year(y), mod)


_YEAR_RANGE_END = re.compile(r"(?<![\d-])(?:1[89]|20)\d\d-$")
_YEAR_RANGE_START = re.compile(r"-(?:1[89]|20)\d\d(?![\d-])")
_NOT_YEAR_BEFORE = re.compile(
    r"(?i)\b(?:No|Nos|number|page|pages|route|rt|flight|room|suite|model|version|v|code|box|item|article"
    r"|resolution|section|chapter|rule|paragraph|bill|H\.R|(?<!['\u2019])S|Form|about|nearly|some|than|over|under|almost"
    r"|approximately|only|just|of\s+the)\.?\s*$")


def _year_context_ok(t: str, s: int, e: int) -> bool:
    # "2009-2013": a range of two years, each one a date
    range_before = s >= 5 and t[s - 1] == "-" and _YEAR_RANGE_END.search(t, max(0, s - 6), s)
    range_after = t[e:e + 1] == "-" and _YEAR_RANGE_START.match(t, e)
    if s > 0 and t[s - 1] in "$£€#-/:" and not range_before:
        return False
    nxt = t[e:e + 3]
    if (nxt[:1] in ("-", "/", ":") and not range_after) or nxt[:2] in (" %",):
        return False
    if _UNITISH_AFTER.match(t, e):
        return False
    before = t[max(0, s - 25):s]
    if _NOT_YEAR_BEFORE.search(before):
        return False
    return True


def _h_decade(m, ctx, span):
    g = m.groupdict()
    if g["dec3"]:  # before 1800 or after 2099 only as "the 1600s", "the early 1650s"
        if not re.match(r"(?i)the\b", m.group()):
            return None
        if g["dec3"].endswith("00") and not g["edge"]:
            return _mk("DATE", _v_century(int(g["dec3"]) // 100))
        return _mk("DATE", _v_decade(int(g["dec3"]) // 10), _edge_mod(g["edge"]))
    if g["dec"] and g["dec"].endswith("00") and g["the"] and not g["edge"] and g["dec"] != "2000":
        return _mk("DATE", _v_century(int(g["dec"]) // 100))  # "the 1800s": the century
    if g["dec"]:
        dec = int(g["dec"]) // 10
    elif g["dec2"]:
        dec = 190 + int(g["dec2"]) // 10
    else:
        dec = 190 + _DECADE_WORDS[g["decw"].lower()]
    return _mk("DATE", _v_decade(dec), _edge_mod(g["edge"]))


def _h_century(m, ctx, span):
    g = m.groupdict()
    o = g["ord"].lower()
    n = int(re.match(r"\d+", o).group()) if o[0].isdigit() else _ORDINALS.get(o.replace("-", " "), 0)
    if n < 1:
        return None
    if g["cbc"]:  # "the 3rd century BC": BC02, like the 3rd century AD is 02
        return _mk("DATE", _beyond(-100 * (n - 1), "century") if n <= 100 else _beyond(-10000), _edge_mod(g["edge"]))
    return _mk("DATE", _v_century(n - 1), _edge_mod(g["edge"]))


def _h_era(m, ctx, span):
    g = m.groupdict()
    n = _year_int((g["ady"] or g["ey"]).replace(",", ""))
    if g["bc"]:
        return _mk("DATE", _beyond(1 - n))  # 1 BC is the year before AD 1
    return _mk("DATE", _v_year(n))


def _h_quarter(m, ctx, span):
    g = m.groupdict()
    if g["qq"]:
        q = int(g["qq"][1])
        qy = g["qqy"]
        if qy:
            y = int(qy[1:]) + 2000 if qy.startswith("'") else int(qy)
            if qy.startswith("'") and y > 2060:
                y -= 100
            return _mk("DATE", _v_quarter(y, q))
        return _quarter_rel(ctx, span, q, "quarter", None)
    o = g["qo"].lower()
    n = int(o[0]) if o[0].isdigit() else _ORDINALS[o]
    kind = g["qh"].lower()
    if kind == "half" and n > 2:
        return None
    qy = g["qy"]
    if qy:
        ql = qy.lower()
        if ql[-4:].isdigit():
            y = int(ql[-4:])
            return _mk("DATE", _v_quarter(y, n) if kind == "quarter" else _v_half(y, n))
        if ctx.anchor is None:
            return _unanchored(f"XXXX-{'Q' if kind == 'quarter' else 'H'}{n}")
        y = ctx.anchor.year + (-1 if "last" in ql else 1 if "next" in ql else 0)
        if ql.startswith("the"):
            y = ctx.ref[0].year if ctx.ref else ctx.anchor.year
        return _mk("DATE", _v_quarter(y, n) if kind == "quarter" else _v_half(y, n), None, True)
    return _quarter_rel(ctx, span, n, kind, g["qdet"])


def _quarter_rel(ctx, span, n, kind, det):
    tag_ = "Q" if kind == "quarter" else "H"
    if ctx.anchor is None:
        return _unanchored(f"XXXX-{tag_}{n}")
    a = ctx.anchor
    cur = (a.month - 1) // 3 + 1 if tag_ == "Q" else (1 if a.month <= 6 else 2)
    det = (det or "").lower()
    y = a.year
    if ctx.ref is not None and ctx.ref[1] == "year" and ctx.ref[0].year < a.year:
        y = ctx.ref[0].year
    elif det == "last":
        y = a.year if n < cur else a.year - 1
    elif det == "next":
        y = a.year if n > cur else a.year + 1
    elif det == "this" or n == cur:
        y = a.year
    else:
        py = a.year if n < cur else a.year - 1
        ny = a.year if n > cur else a.year + 1
        per = 4 if tag_ == "Q" else 2
        y = _pick(ctx, span, py, ny, (a.year - py) * per + cur - n, (ny - a.year) * per + n - cur, per)
    return _mk("DATE", _v_quarter(y, n) if tag_ == "Q" else _v_half(y, n), None, True)


def _h_yquarter(m, ctx, span):
    g = m.groupdict()
    if g["lp"]:
        return _h_thequarter(m, ctx, span)
    if g["lh"]:
        if g["lhd"]:
            d = re.search(r"(\d+)0s", g["lhd"]).group(1)
            dec = int(d) if len(d) == 3 else 190 + int(d)
            return _mk("DATE", _v_decade(dec), "END" if "first" not in g["lh"].lower() else "START")
        h = 1 if g["lh"].lower().split()[1] in ("first",) else 2
        return _mk("DATE", _v_half(int(g["lhy"]), h))
    if g["yqy"]:
        y, rel = int(g["yqy"]), False
    else:
        if ctx.anchor is None:
            return _unanchored("XXXX")
        y, rel = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[g["yqr"].lower()], True
    unit = g["yqu"].lower()
    if g["yqo"]:
        o = g["yqo"].lower()
        n = int(o[0]) if o[0].isdigit() else _ORDINALS[o]
        if unit == "half":
            return _mk("DATE", _v_half(y, n), None, rel) if n <= 2 else None
        return _mk("DATE", _v_quarter(y, n), None, rel)
    if unit == "half":
        return None
    q = ctx.quarter_ref(span[0])
    if q is not None:
        # "the 1988 period" after a quarter was named: that quarter in the year given
        return _mk("DATE", _v_quarter(y, (q.month - 1) // 3 + 1), None, rel)
    return _mk("DATE", _v_year(y), None, rel)


def _h_season(m, ctx, span):
    g = m.groupdict()
    s = _SEASONS[(g["season"] or g["season2"]).lower()]
    yy = g["sy"] or g["sy2"]
    mod = _edge_mod(g["edge"])
    if yy:
        return _mk("DATE", _v_season(_year_int(yy), s), mod)
    if ctx.anchor is None:
        return _unanchored(f"XXXX-{s}", mod=mod)
    a = ctx.anchor
    det = (g["sdet"] or "").lower()
    # season containing the anchor (winter counted in the year it starts)
    cur_y = a.year
    if (a.month, a.day) < (3, 20):
        cur_s, cur_y = "WI", a.year - 1
    elif (a.month, a.day) < (6, 21):
        cur_s = "SP"
    elif (a.month, a.day) < (9, 23):
        cur_s = "SU"
    elif (a.month, a.day) < (12, 21):
        cur_s = "FA"
    else:
        cur_s = "WI"
    idx = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
    ci, si = idx[cur_s], idx[s]
    if "last" in det or "past" in det or "previous" in det:
        y = cur_y if si < ci else cur_y - 1
    elif "next" in det or "coming" in det or "following" in det:
        y = cur_y if si > ci else cur_y + 1
    elif det.startswith("this") or si == ci:
        y = cur_y
    else:
        py = cur_y if si < ci else cur_y - 1
        ny = cur_y if si > ci else cur_y + 1
        y = _pick(ctx, span, py, ny, (cur_y - py) * 4 + ci - si, (ny - cur_y) * 4 + si - ci, 4)
    return _mk("DATE", _v_season(y, s), mod, True)


def _h_holiday(m, ctx, span):
    g = m.groupdict()
    name = g["hol"]
    if g["hy"]:
        return _mk("DATE", _v_day(_holiday_date(name, int(g["hy"]))))
    if ctx.anchor is None:
        md = _holiday_md(name)
        return _unanchored(f"XXXX-{md}" if md else "XXXX-XX-XX")
    a = ctx.anchor
    det = (g["hdet"] or "").lower()
    this = _holiday_date(name, a.year)
    if det == "last":
        d = this if this < a else _holiday_date(name, a.year - 1)
    elif det == "next":
        d = this if this > a else _holiday_date(name, a.year + 1)
    elif det == "this" or this == a:
        d = this
    else:
        prev = this if this < a else _holiday_date(name, a.year - 1)
        nxt = this if this > a else _holiday_date(name, a.year + 1)
        d = _pick(ctx, span, prev, nxt, (a - prev).days, (nxt - a).days)
    return _mk("DATE", _v_day(d), None, True)


def _h_ago(m, ctx, span):
    g = m.groupdict()
    n = _parse_num(g["num"])
    unit = _unit_code(g["unit"])
    d_ = g["dir"].lower()
    back = d_ in ("ago", "earlier", "before", "previously", "back")
    mod = _mod_of(g["qmod"])
    if unit in ("H", "MIN", "S"):
        return _mk("DURATION", (_duration_value(n, unit), None, None, None), mod)
    q = ctx.quarter_ref(span[0]) if back and unit == "Y" and n == 1 else None
    if q is not None:
        # results compared with "a year ago": the same quarter of the year before
        return _mk("DATE", _at_precision(_add_months(q, -12), "quarter"), mod, True)
    if d_ in ("ago", "from now", "hence", "back"):
        base, prec = ctx.anchor, _UNIT_PREC[unit]
    else:
        if ctx.ref is not None:
            base, prec = ctx.ref
            if _PREC_RANK.get(prec, 0) > _PREC_RANK.get(_UNIT_PREC[unit], 0):
                prec = _UNIT_PREC[unit]
        else:
            base, prec = ctx.anchor, _UNIT_PREC[unit]
    if base is None:
        return _unanchored("PAST_REF" if back else "FUTURE_REF", mod=mod)
    if n is None:
        return _mk("DATE", ("PAST_REF" if back else "FUTURE_REF", None, None, None), mod, True)
    if unit == "WE":
        prec = "week"
    return _mk("DATE", _shifted_value(base, unit, -n if back else n, prec), mod, True)


_PREC_RANK = {"day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 5, "year": 6,
              "decade": 7, "century": 8}


def _h_duration(m, ctx, span):
    g = m.groupdict()
    mod = _mod_of(g.get("qmod"))
    if g["vague"]:
        return _mk("DURATION", ("PXX", None, None, None))
    if g["ahead"]:
        return _mk("DURATION", (_duration_value(None, _unit_code(g["ahead"].split()[1])), None, None, None))
    if g["along"]:
        w = g["along"].lower()
        n = None if w.endswith("s") else 1
        return _mk("DURATION", (_duration_value(n, _unit_code(w)), None, None, None))
    if g["fyear"]:
        return _mk("DURATION", ("P1Y", None, None, None))
    if g["theyears"]:
        return _mk("DURATION", (_duration_value(None, _unit_code(g["theyears"].split()[-1])), None, None, None))
    if g["bare"] or g["bare2"]:
        u = _unit_code(g["bare"] or g["bare2"])
        return _mk("DURATION", (_duration_value(None, u), None, None, None))
    if g["punit"]:
        pdet = g["pdet"].lower()
        words = g["punit"].lower().split()
        u = _unit_code(words[-1])
        if "recent" in pdet and len(words) == 1 and u in ("D", "W", "M", "Y", "DE"):
            return _mk("DURATION", (_duration_value(None, u), None, None, None), None, True)
        if ("coming" in pdet or "next" in pdet) and len(words) == 1 and u in ("Q",):
            return _mk("DATE", ("FUTURE_REF", None, None, None), None, True)
        return _mk("DURATION", (_duration_value(None, u), None, None, None))
    if g["sunit"]:
        u = _unit_code(g["sunit"])
        if u in ("Y", "DE"):
            return _last_period(ctx, u)
        return _mk("DURATION", (_duration_value(1, u), None, None, None))
    num = g["num"]
    nl = num.lower().strip()
    if nl in ("some", "many") and not g["adj"]:
        return None
    n = _parse_num(num)
    if n is not None and g["uhalf"]:
        n += 0.5
    u = _unit_code(g["unit"])
    if g["old"]:
        return None
    if n is not None and n >= 1000 and not g["unit"].lower().endswith("s") and not g["long"] \
            and m.string[m.start("unit") - 1] != "-":
        return None  # "the 1988 second quarter": a singular unit after a number is no duration
    if u == "S" and nl in ("a", "one") and re.match(r"\s+(?!ago|later|earlier|before|after|or|and|of|longer|more)[a-z]",
                                                    m.string[m.end("unit"):m.end("unit") + 12]):
        return None  # "a second term", "for a second day": an ordinal
    if nl in ("a", "an") and (g["long"] or g["unit"].lower().endswith("s")):
        return None  # "a day-long meeting": the article belongs to the noun
    if nl in ("a", "an") and not (g["det"] or g["adj"] or mod) and _RATE_BEFORE.search(
            m.string, max(0, m.start() - 25), m.start()):
        return _mk("SET", (_duration_value(1, u), None, None, None))  # "$5 million a year": a rate
    if u == "Q" and not num[0].isdigit() and m.string[m.start("unit") - 1] == "-":
        return None  # "three-quarters" is a fraction
    if num[0].isdigit() and n is not None and n > 10000 and u not in ("S", "MIN"):
        return None
    if nl in ("few", "a few", "several", "many", "some", "a couple", "a couple of", "couple of") and mod is None:
        mod = "APPROX" if "couple" in nl else None
    return _mk("DURATION", (_duration_value(n, u), None, None, None), mod)


def _last_period(ctx, unit: str):
    """ "the past year", "the last decade": named like "last year", the calendar period before the anchor's."""
    if ctx.anchor is None:
        return _unanchored("XXXX" if unit == "Y" else "XXX")
    return _mk("DATE", _shifted_value(ctx.anchor, unit, -1, _UNIT_PREC[unit]), None, True)


def _h_rel(m, ctx, span):
    g = m.groupdict()
    det = " ".join(g["det"].lower().split())
    what = " ".join(g["what"].lower().split())
    mod = _edge_mod(g["edge"])
    pod = g["pod"].lower() if g["pod"] else None
    wl = what.rstrip(".")
    if wl in _MONTHS and g["what"][0].isupper():
        return _resolve_month(ctx, span, _MONTHS[wl], mod, det.replace("the ", ""))
    if wl in _WEEKDAYS:
        d = _resolve_weekday(ctx, span, _WEEKDAYS[wl], det.replace("the ", "").replace("this past", "last")
                             .replace("this coming", "next"))
        if d is None:
            return _unanchored(f"XXXX-WXX-{_WEEKDAYS[wl] + 1}" + (f"T{PARTS_OF_DAY[pod]}" if pod else ""),
                               "TIME" if pod else "DATE", mod)
        if pod:
            return _mk("TIME", _v_pod(d, pod), mod, True)
        return _mk("DATE", _v_day(d), mod, True)
    # unit words
    anaph = det.startswith("the") or det in ("that", "same")
    step = 0
    if det in ("last", "the previous", "the prior", "the preceding", "the last", "the most recent", "this past"):
        step = -1
    elif det in ("next", "the next", "the following", "the coming", "this coming"):
        step = 1
    if det == "the last" and what in ("year", "decade"):
        return _last_period(ctx, _unit_code(what))
    if det == "the last" and what in ("week", "month", "day"):
        return _mk("DURATION", (_duration_value(1, _unit_code(what)), None, None, None))
    if det == "the latest":
        step = 0 if what != "quarter" else -1
    if det in ("the current", "current", "this"):
        anaph = False
    if what in ("morning", "afternoon", "evening", "night"):
        if det == "last" and what in ("night", "evening"):
            base = ctx.anchor
            if base is None:
                return _unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[what], "TIME", mod)
            return _mk("TIME", _v_pod(_add_days(base, -1), what), mod, True)
        base = ctx.base() if anaph else ctx.anchor
        if base is None:
            return _unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[what], "TIME", mod)
        return _mk("TIME", _v_pod(_add_days(base, step), what), mod, True)
    unit = {"fiscal year": "Y"}.get(what) or _unit_code(what)
    if anaph and det != "the latest":
        base = ctx.base() if unit == "D" else (ctx.ref[0] if ctx.ref else ctx.anchor)
    else:
        base = ctx.anchor
    prec = _UNIT_PREC[unit]
    if base is None:
        ph = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
              "Y": "XXXX", "DE": "XXX", "CE": "XX"}.get(unit, "XXXX")
        return _unanchored(ph, mod=mod)
    if det == "the latest" and unit == "Q" and ctx.anchor is not None:
        base = ctx.anchor
    if unit == "WE":
        return _mk("DATE", _v_weekend(_shift(base, unit, step)), mod, True)
    if pod and unit == "D":
        return _mk("TIME", _v_pod(_shift(base, unit, step), pod), mod, True)
    return _mk("DATE", _shifted_value(base, unit, step, prec), mod, True)


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "presently": "PRESENT_REF",
    "the present": "PRESENT_REF", "these days": "PRESENT_REF", "right now": "PRESENT_REF",
    "just now": "PAST_REF", "this time": "PRESENT_REF", "the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "the past": "PAST_REF", "the recent past": "PAST_REF", "the other day": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the immediate future": "FUTURE_REF",
    "current": "PRESENT_REF", "recent": "PAST_REF", "future": "FUTURE_REF", "upcoming": "FUTURE_REF",
    "then-current": "PAST_REF", "former": "PAST_REF",
}
_DAY_OFF = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": 0,
            "the day before yesterday": -2, "the day after tomorrow": 2}


def _h_deictic(m, ctx, span):
    g = m.groupdict()
    w = " ".join(g["dw"].lower().split())
    mod = _edge_mod(g["edge"])
    pod = g["pod"].lower() if g["pod"] else None
    if w.startswith(("more ", "most ")):
        w = "recently"
    if w in _REFS:
        if g["edge"] or pod:
            return None
        if ctx.anchor is None:
            return _unanchored(_REFS[w])
        return _mk("DATE", (_REFS[w], None, None, None), None, True)
    if w == "then":
        return None
    if w == "the weekend":
        a = ctx.anchor
        if a is None:
            return _unanchored("XXXX-WXX-WE", mod=mod)
        if ctx.tense(*span) == "future" or a.weekday() >= 5:
            d = a
        else:
            d = _add_days(a, -7)
        return _mk("DATE", _v_weekend(d), mod, True)
    if w == "the day":
        # "the day before the vote": TimeML marks "the day", "before" is a signal
        w += " " + ctx.text[span[1]:span[1] + 8].split()[0].lower()
    if w in ("the day before", "the day after"):
        base = ctx.base()
        if base is None:
            return _unanchored("XXXX-XX-XX", mod=mod)
        return _mk("DATE", _v_day(_add_days(base, -1 if w.endswith("before") else 1)), mod, True)
    if w.startswith("the ") and w.split()[-1] in PARTS_OF_DAY:
        parts = w.split()
        base = ctx.base()
        if base is None:
            return _unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[parts[-1]], "TIME", mod)
        off = {"next": 1, "following": 1, "previous": -1, "same": 0}[parts[1]]
        return _mk("TIME", _v_pod(_add_days(base, off), parts[-1]), mod, True)
    if w == "today" and _GENERIC_TODAY.match(ctx.text, span[1]):
        return None  # "today's world", "today's youth": the present age, no date
    off = _DAY_OFF[w]
    a = ctx.anchor
    if w == "tonight":
        pod = "night"
    if w == "overnight":
        pod = "night"
    if a is None:
        return _unanchored("XXXX-XX-XX" + (f"T{PARTS_OF_DAY[pod]}" if pod else ""), "TIME" if pod else "DATE", mod)
    d = _add_days(a, off)
    if w == "overnight":
        return _mk("TIME", _v_pod(d, "night"), mod, True)
    if pod:
        return _mk("TIME", _v_pod(d, pod), mod, True)
    return _mk("DATE", _v_day(d), mod, True)


def _h_weekday(m, ctx, span):
    g = m.groupdict()
    wd = _WEEKDAYS[g["wd"].lower()]
    pod = g["pod"].lower() if g["pod"] else None
    mod = _edge_mod(g["edge"])
    if g["plural"] or g["pplural"]:
        v = f"XXXX-WXX-{wd + 1}" + (f"T{PARTS_OF_DAY[pod]}" if pod else "")
        return _mk("SET", (v, None, None, None))
    d = _resolve_weekday(ctx, span, wd)
    if d is None:
        return _unanchored(f"XXXX-WXX-{wd + 1}" + (f"T{PARTS_OF_DAY[pod]}" if pod else ""),
                           "TIME" if pod else "DATE", mod)
    if pod:
        return _mk("TIME", _v_pod(d, pod), mod, True)
    return _mk("DATE", _v_day(d), mod, True)


def _looks_verbal(text: str, span) -> bool:
    """True when a capitalized May/March is a verb (modal 'May I', 'March on ...')."""
    s, e = span
    word = text[s:e].split()[0] if text[s:e].split() else ""
    after = text[e:e + 30]
    prev = text[max(0, s - 3):s]
    sent_start = s == 0 or bool(re.search(r"(?:[.!?:;\"'\u201c(]|\n)\s*$", text[max(0, s - 4):s])) \
        or not prev.strip()
    if word.startswith("May"):
        if sent_start and re.match(r"\s+(?:I|we|you|he|she|it|they|the|God|[a-z]+)\b", after):
            return not re.match(r"\s+(?:\d|of\b|and\b|to\s+\w+\s+\d)", after)
    if word.startswith("March") and len(text[s:e].split()) == 1:
        if re.match(r"\s+(?:on|to|against|through|toward|towards|into|for|in\s+the\s+streets)\b", after) and \
                not re.search(r"(?i)\b(?:in|of|since|until|by|early|late|mid|last|next|this)\s*$",
                              text[max(0, s - 12):s]):
            return True
    return False


def _h_month(m, ctx, span):
    g = m.groupdict()
    raw = g["mon"]
    key = raw.rstrip(".").lower()
    if raw not in ("May", "March", "June", "July", "April", "August") and len(key) <= 4 and not raw.endswith(".") \
            and key not in ("june", "july"):
        return None
    if len(key) <= 4 and raw.endswith(".") and not g["edge"]:
        # abbreviations alone are rare; keep them only after a preposition
        if not re.search(r"(?i)\b(?:in|since|until|by|of|from|through)\s+$", ctx.text[max(0, span[0] - 10):span[0]]):
            return None
    if raw in ("May", "March") and _looks_verbal(ctx.text, span):
        return None
    if raw == "May" and not g["edge"]:
        prev = ctx.text[max(0, span[0] - 12):span[0]]
        nxt = ctx.text[span[1]:span[1] + 12]
        if not re.search(r"(?i)\b(?:in|since|until|by|of|from|through|during|early|late|mid|last|next|this|and|or"
                         r"|before|after|to|between)\s+$", prev) and not re.match(r"\s*(?:[,.;)]|and\b|to\b)", nxt):
            return None
    return _resolve_month(ctx, span, _MONTHS[key], _edge_mod(g["edge"]))


def _h_set(m, ctx, span):
    g = m.groupdict()
    if g["adv"]:
        a = g["adv"].lower()
        v = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M",
             "biannually": "P6M", "bimonthly": "P2M"}[a]
        return _mk("SET", (v, None, None, None))
    if g["freq"]:
        u = _unit_code(g["fu"])
        return _mk("SET", (_duration_value(1, u), None, None, None))
    u = g["u"]
    ul = u.rstrip(".").lower()
    if ul in _WEEKDAYS:
        return _mk("SET", (f"XXXX-WXX-{_WEEKDAYS[ul] + 1}", None, None, None))
    if ul in _MONTHS and u[0].isupper():
        return _mk("SET", (f"XXXX-{_MONTHS[ul]:02d}", None, None, None))
    if ul in PARTS_OF_DAY:
        return _mk("SET", (f"XXXX-XX-XXT{PARTS_OF_DAY[ul]}", None, None, None))
    if ul in _SEASONS:
        return _mk("SET", (f"XXXX-{_SEASONS[ul]}", None, None, None))
    n = _parse_num(g["num"]) if g["num"] else 1
    if g["other"]:
        n = (n or 1) * 2
    return _mk("SET", (_duration_value(n, _unit_code(u)), None, None, None))


def _h_yearago(m, ctx, span):
    g = m.groupdict()
    if g["yend"]:
        mod = "APPROX" if g["yamod"] else None
        if ctx.anchor is None:
            return _unanchored("XXXX-12-31", mod=mod)
        y = ctx.ref[0].year if ctx.ref and ctx.ref[1] == "year" else ctx.anchor.year
        return _mk("DATE", _v_day(dt.date(y, 12, 31)), mod, True)
    if g["cp"] and ctx.quarter_ref(span[0]) is None:
        # "the same period last year" with no quarter named: the year before
        return _mk("DATE", _v_year(ctx.anchor.year - 1), None, True) if ctx.anchor else _unanchored("XXXX")
    yu = (g["yu"] or "").lower()
    if yu.endswith("months"):
        return _mk("DURATION", (_duration_value(int(_parse_num(yu.split()[0]) or 0), "M"), None, None, None))
    q = ctx.quarter_ref(span[0])
    if q is not None:
        return _mk("DATE", _at_precision(_add_months(q, -12), "quarter"), None, True)
    if ctx.ref is not None:
        base, prec = ctx.ref
    elif ctx.anchor is not None:
        base, prec = ctx.anchor, "year"
    else:
        return _unanchored("XXXX")
    yu = (g["yu"] or "").lower()
    if "quarter" in yu and prec not in ("quarter",):
        prec = "quarter"
    if prec == "day":
        prec = "year"
    return _mk("DATE", _at_precision(_add_months(base, -12), prec), None, True)


def _h_edgeunit(m, ctx, span):
    """ "the end of the year", "later in the day": a part of the current period."""
    g = m.groupdict()
    edge = g["eedge"].lower()
    mod = None if edge.startswith(("earlier", "later")) else _edge_mod(edge)
    unit = _unit_code(g["eu"])
    if unit == "D" and "end" in edge and re.search(r"(?i)\bat\s+(?:the\s+)?$", ctx.text[max(0, span[0] - 8):span[0]]):
        return None  # "at the end of the day" is an idiom
    base = ctx.base() if unit == "D" else ctx.anchor
    if base is None:
        ph = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}[unit]
        return _unanchored(ph, mod=mod)
    return _mk("DATE", _at_precision(base, _UNIT_PREC[unit]), mod, True)


def _h_theyear(m, ctx, span):
    """ "for the year", "the fiscal year", "the week": the period of the anchor (or of the date under discussion)."""
    if re.match(r"(?i)the\s+(?:whole|entire)", m.group("ty")):
        return _mk("DURATION", (_duration_value(1, _unit_code(m.group("tyu"))), None, None, None))
    if m.group("tyu").lower() == "week":
        base = ctx.base()
        if base is None:
            return _unanchored("XXXX-WXX")
        return _mk("DATE", _v_week(base), None, True)
    if ctx.anchor is None:
        return _unanchored("XXXX")
    return _mk("DATE", _v_year(ctx.anchor.year), None, True)


def _h_podalone(m, ctx, span):
    g = m.groupdict()
    if g["ph"]:
        h = int(g["ph"]) if g["ph"].isdigit() else int(_parse_num(g["ph"]) or 0)
        if not 1 <= h <= 12:
            return None
        part = g["pin"].lower()
        if "morning" in part:
            h = h % 12
        elif "afternoon" in part or "evening" in part or (part.endswith("night") and h >= 6):
            h = h % 12 + 12
        elif part.endswith("night") and h == 12:
            h = 0
        day = ctx.base()
        if day is None:
            return _unanchored(f"XXXX-XX-XXT{h:02d}:00", "TIME")
        return _mk("TIME", (f"{day.isoformat()}T{h:02d}:00", "time", day, day), None, True)
    pod = g["pa"].lower()
    mod = _edge_mod(g["pe1"] or g["pe2"])
    day = None
    if g["pday"]:
        w = g["pday"].lower()
        if w in _DAY_OFF:
            day = _add_days(ctx.anchor, _DAY_OFF[w]) if ctx.anchor else None
        else:
            day = _resolve_weekday(ctx, span, _WEEKDAYS[w])
    else:
        day = ctx.base()
    if day is None:
        return _unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[pod], "TIME", mod)
    return _mk("TIME", _v_pod(day, pod), mod, True)


def _h_ordday(m, ctx, span):
    if ctx.anchor is None:
        return _unanchored("XXXX-XX-XX")
    return _mk("DATE", _v_day(ctx.anchor), None, True)


def _h_weekof(m, ctx, span):
    """ "the week of March 6": the (ISO) week holding that day."""
    r = _interpret_text(m.group("wod"), ctx, span)
    if r is None or r[1][1] != "day":
        return None
    if r[1][2] is None:
        return _unanchored("XXXX-WXX")
    d = r[1][2]
    if m.group("wo").lower().endswith("weekend"):
        return _mk("DATE", _v_weekend(d), None, r[3])
    return _mk("DATE", _v_week(d), None, r[3])


def _h_thequarter(m, ctx, span):
    if ctx.ref is not None and ctx.ref[1] == "quarter":
        return _mk("DATE", _v_quarter(ctx.ref[0].year, (ctx.ref[0].month - 1) // 3 + 1), None, True)
    if ctx.anchor is None:
        return _unanchored("XXXX-QX")
    d = _add_months(ctx.anchor, -3)
    return _mk("DATE", _v_quarter(d.year, (d.month - 1) // 3 + 1), None, True)


def _h_recentadj(m, ctx, span):
    w = m.group("adjw").lower()
    nxt = ctx.text[span[1]:span[1] + 20].lower()
    if w == "former" or (w == "current" and re.match(r"\s+(?:account|affairs|events|assets|liabilit|flow|density"
                                                      r"|source|spending|of)", nxt)):
        return None
    if w in ("upcoming",):
        return None
    if ctx.anchor is None:
        return _unanchored(_REFS[w])
    return _mk("DATE", (_REFS[w], None, None, None), None, True)


_HANDLERS = {
    "time": _h_time, "podof": _h_podof, "wdate": _h_wdate, "mdy": _h_mdy, "numdate": _h_numdate, "monyear": _h_monyear,
    "year": _h_year, "decade": _h_decade, "century": _h_century, "quarter": _h_quarter, "season": _h_season,
    "yquarter": _h_yquarter,
    "holiday": _h_holiday, "ago": _h_ago, "duration": _h_duration, "rel": _h_rel, "deictic": _h_deictic,
    "weekday": _h_weekday, "month": _h_month, "set": _h_set, "yearago": _h_yearago, "edgeunit": _h_edgeunit,
    "theyear": _h_theyear, "weekof": _h_weekof, "podalone": _h_podalone,
    "ordday": _h_ordday, "thequarter": _h_thequarter, "recentadj": _h_recentadj, "era": _h_era,
}
_EXPLICIT = {"wdate", "mdy", "numdate", "monyear", "year", "decade", "century", "holiday", "quarter", "era"}


def _interpret_text(s: str, ctx: _Ctx, span):
    for name in _CLASS_ORDER:
        m = _CLASS_RE[name].fullmatch(s)
        if m:
            r = _HANDLERS[name](m, ctx, span)
            if r:
                return r
    return None


# ---------------------------------------------------------------------------
# driver

_TRIM_TAIL = re.compile(r"[\s,]+$")
# An expression whose reading fails is dropped rather than failing the whole text; tests turn this off so
# that such a failure shows.
_DROP_UNREADABLE = True


def _candidates(text: str, pos: int = 0):
    """Yield (start, [(end, class, match) longest first]) for every candidate start."""
    search = _AFTER_START.search
    table = _MATCHER_TABLE
    leads = _LEADS
    while True:
        if pos == 0 and _START_AT_0.match(text):
            s = 0
        else:
            m = search(text, pos - 1 if pos else 0)
            if m is None:
                return
            s = m.start() + 1
        key = text[s:s + 2].lower()
        matchers = table.get(("", key)) or _matchers("", key)
        if key in leads:
            for lead in leads[key]:
                n = len(lead)
                if text[s:s + n].lower() == lead:
                    after = text[s + n:s + n + 2].lower().translate(_COARSE)
                    matchers = table.get((lead, after)) or _matchers(lead, after)
                    break
        opts = []
        for name, match in matchers:
            cm = match(text, s)
            if cm is not None and cm.end() > s:
                opts.append((cm.end(), name, cm))
        if not opts:
            pos = s + 1
            continue
        if len(opts) > 1:
            opts.sort(key=lambda o: -o[0])
        nxt = yield s, opts
        pos = nxt if nxt is not None else s + 1


def _run(text: str, ctx: _Ctx) -> list[Timex]:
    out: list[Timex] = []
    gen = _candidates(text)
    send = None
    while True:
        try:
            s, opts = gen.send(send) if send is not None else next(gen)
        except StopIteration:
            break
        send = None
        for e, name, cm in opts:
            st = s
            # trim trailing whitespace/commas a class may have swallowed
            tm = _TRIM_TAIL.search(text, st, e)
            if tm:
                e = tm.start()
                cm = _CLASS_RE[name].fullmatch(text, st, e)
                if cm is None:
                    continue
            if name == "duration" and cm.group("det") and not cm.group("adj") and not cm.group("qmod"):
                # adjectival use ("a five-year plan"): the determiner belongs to the noun
                unit = cm.group("unit")
                if unit and not unit.lower().endswith("s") and cm.group("num").lower() not in ("a", "an") \
                        and not cm.group("pnoun"):
                    cm2 = _CLASS_RE[name].fullmatch(text, cm.start("num"), e)
                    if cm2 is not None:
                        st, cm = cm.start("num"), cm2
            if name == "quarter" and cm.group("qdet") and cm.group("qh") and text[cm.start("qh") - 1] == "-":
                # adjectival "the third-quarter results": the determiner belongs to the noun
                st2 = cm.start("fis0") if cm.group("fis0") else cm.start("qo")
                cm2 = _CLASS_RE[name].fullmatch(text, st2, e)
                if cm2 is not None:
                    st, cm = st2, cm2
            try:
                r = _HANDLERS[name](cm, ctx, (st, e))
            except KeyError:  # a word matched only by case folding ("\u017fummer"): no expression read
                r = None
            except _OffCalendar as off:  # a date past either end of the calendar: said as such, never dated
                r = _mk("DATE", _beyond(off.year), None, True)
            except Exception:  # last resort: an expression that cannot be read is left out, the text still tagged
                if not _DROP_UNREADABLE:
                    raise
                r = None
            if r is None:
                continue
            type_, (value, prec, sd, ed), mod, relative, anchored = r
            out.append(Timex(st, e, text[st:e], type_, value, prec, sd, ed, mod, relative, anchored))
            if type_ == "DATE" and sd is not None and prec is not None:
                if name in _EXPLICIT or prec == "day":
                    ctx.ref = (sd, prec)
                if prec == "quarter" and (name in ("quarter", "thequarter") or (
                        name == "yquarter" and ctx.anchor is not None and sd.year == ctx.anchor.year)):
                    ctx.qref = (sd, st)
            if name in ("mdy", "wdate") and prec == "day" and sd is not None:
                e = _day_range(text, out, st, e, sd, relative, anchored)
            send = e
            break
        if send is None:
            send = s + 1
    return out


# "March 24 and 25", "March 5-7", "24-25 March": the other day of the range is a date of the same month
_DAY_AFTER = re.compile(r"\s*(?:-|\u2013|and|or|to|through)\s*((?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)?\b"
                        r"(?=\s*(?:[,.;:)!?\"'\u201d]|$|--|\u2014|\s(?:in|at|on|and|or|when|as|to|for|with|before|after"
                        r"|the|of|from|respectively)\b))(?![.,]\d)")
_DAY_BEFORE = re.compile(r"(?<![\d.,$])((?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)?\s*(?:-|\u2013|and|or|to)\s*$")


def _day_range(text: str, out: list, st: int, e: int, d: dt.date, relative: bool, anchored: bool) -> int:
    """Add the other end of a day range written around a date just tagged; return the end reached."""
    t0 = out[-1]
    m = _DAY_AFTER.match(text, e)
    if m and not t0.text[:1].isdigit():
        day = int(m.group(1))
        d2 = _safe_date(d.year, d.month, day)
        if d2 is not None and d2 > d:
            a, b = m.start(1), m.end()
            out.append(Timex(a, b, text[a:b], "DATE", d2.isoformat(), "day", d2, d2, None, relative, anchored))
            return b
        return e
    if t0.text[:1].isdigit():
        m = _DAY_BEFORE.search(text, max(0, st - 12), st)
        if m:
            d2 = _safe_date(d.year, d.month, int(m.group(1)))
            if d2 is not None and d2 < d and (not out[:-1] or out[-2].end <= m.start(1)):
                a, b = m.start(1), m.end(1)
                out.insert(len(out) - 1, Timex(a, b, text[a:b], "DATE", d2.isoformat(), "day", d2, d2, None,
                                               relative, anchored))
    return e


def tag(text: str, anchor: dt.date | dt.datetime | None = None) -> list[Timex]:
    """Find and normalize every time expression in text (any length: a sentence or a whole article), sorted by start."""
    if not text:
        return []
    return _run(text, _Ctx(text, anchor))


def normalize(expression: str, anchor: dt.date | dt.datetime | None = None,
              tense: str | None = None) -> Timex | None:
    """Normalize one expression given alone (offsets relative to the expression). tense: "past" | "present" | "future" | None."""
    if not expression or not expression.strip():
        return None
    ctx = _Ctx(expression, anchor, tense or "present")
    found = _run(expression, ctx)
    if not found:
        return None
    return max(found, key=lambda t: (t.end - t.start, -t.start))

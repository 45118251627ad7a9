"""Time-expression tagging and normalization (TimeML / TIMEX3 conventions).

``tag(text, anchor)`` finds every time expression in a text and normalizes it
to a TIMEX3 type and value; ``normalize(expression, anchor, tense)`` does the
same for one expression given alone.

How it works
------------
* Candidates start where a word that can begin an expression stands, or a
  digit (``patterns.START``).  There every expression class (dates, times,
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

The package
-----------
``vocabulary`` reads the word tables of ``vocabulary/`` (months, weekdays,
units, number words, ordinals, seasons, parts of the day, holidays, decade
words, modifiers); ``patterns`` builds the class patterns from them;
``starts`` tells which classes to try where a candidate begins; ``calendar``
does the range-checked date arithmetic and builds values; ``quantities``
reads numbers; ``context`` holds what anchors relative expressions;
``absolute`` and ``relative`` read each class; ``tagger`` runs them.
"""
from __future__ import annotations

from .tagger import Timex, normalize, tag
from .vocabulary import PARTS_OF_DAY, month_pattern

__all__ = ["Timex", "tag", "normalize", "PARTS_OF_DAY", "month_pattern"]

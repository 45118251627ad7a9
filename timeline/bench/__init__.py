"""Benchmarks and corpus generation: ``python -m timeline.bench [scale|timex|robustness]``.

cli         the ``python -m timeline.bench`` command and the TimeML (TempEval-3) tagger benchmark
scale       speed and scale figures of the whole tool, with their targets and baselines
robustness  whole folders of real articles built cold, every export and figure made, problems counted
keydates    key dates against journalists' timelines (Date-F1, PubCount, ROUGE), and a fit of their weights
generate    large realistic corpora made from real articles (``python -m timeline generate``)
synthetic   large random frames, for speed checks of the views
"""
from .cli import main

__all__ = ["main"]

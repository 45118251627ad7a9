"""A long-running process picks up edited knowledge files: extraction never uses a finder built from old ones."""
from __future__ import annotations

import shutil

import pytest

import timeline


@pytest.mark.slow
def test_edited_actors_file_is_used_by_the_next_build(tmp_path):
    know = tmp_path / "know"
    shutil.copytree(timeline.knowledge.PROJECT_DATA, know, ignore=shutil.ignore_patterns("articles"))
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "story.txt").write_text("date 2025-02-03\n\nThe Zorbl Assembly met on Monday to discuss the budget.\n",
                                      encoding="utf-8")
    # in this process (one small batch), twice with the same knowledge folder
    first = timeline.build([folder], use_cache=False, knowledge_dir=know, workers=1)
    assert not any("Zorbl Assembly" in a for a in first.events["actors"])
    with open(know / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("Zorbl Assembly,Zorbl Assembly,organization,Nowhere,\n")
    second = timeline.build([folder], use_cache=False, knowledge_dir=know, workers=1)
    assert any("Zorbl Assembly" in a for a in second.events["actors"])

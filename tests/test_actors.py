"""Actors: aliases from data/actors.csv, people not in the file, roles and locations."""
from __future__ import annotations

import pytest

from timeline import knowledge
from timeline.extract.actors import ActorFinder


@pytest.fixture(scope="module")
def finder():
    return ActorFinder(knowledge.load())


def found(finder, text):
    return [(m.text, m.actor) for m in finder.find(text, [(0, len(text))])]


@pytest.mark.parametrize("text, actor", [
    ("Zelensky said", "Volodymyr Zelensky"),
    ("Zelenskyy said", "Volodymyr Zelensky"),
    ("Zelenskiy told Reuters", "Volodymyr Zelensky"),
    ("Russian Foreign Minister Sergei Lavrov said", "Sergey Lavrov"),
    ("Sergey Lavrov said", "Sergey Lavrov"),
    ("Mr. Trump said", "Donald Trump"),
    ("Putin's conditions", "Vladimir Putin"),
    ("Peskov told reporters", "Dmitry Peskov"),
    ("Yermak dismissed it", "Andriy Yermak"),
    ("Kellogg said", "Keith Kellogg"),
    ("Erdoğan offered to host", "Recep Tayyip Erdogan"),
    ("Fico visited", "Robert Fico"),
    ("The Kremlin said", "the Kremlin"),
    ("NATO's summit", "NATO"),
])
def test_aliases_map_to_canonical_names(finder, text, actor):
    assert actor in [a for _, a in found(finder, text)]


def test_person_missing_from_the_file_is_found_by_title(finder):
    text = "Deputy Health Minister Olena Marchenko criticized the plan. Marchenko said it was unworkable."
    got = found(finder, text)
    assert ("Olena Marchenko", "Olena Marchenko") in got
    assert ("Marchenko", "Olena Marchenko") in got


def test_person_missing_from_the_file_is_found_by_speech_verb(finder):
    assert ("Taras Bondarenko", "Taras Bondarenko") in found(finder, "Taras Bondarenko said the talks had failed.")


@pytest.mark.parametrize("text, person", [
    ("Lamar McKay said the well was shut.", "Lamar McKay"),
    ("Sean O'Brien said the strike would go on.", "Sean O'Brien"),
    ("Economist Fatih Birol said prices would rise.", "Fatih Birol"),
    ("Ursula von der Leyen announced the tariffs.", "Ursula von der Leyen"),
    ("Gen. Abdel Fattah al-Burhan rejected the truce.", "Abdel Fattah al-Burhan"),
    ("Tony Hayward met the families.", "Tony Hayward"),
    ("Admiral Thad Allen spoke. The well is dead, said Admiral Thad Allen.", "Thad Allen"),
])
def test_people_found_with_no_list(finder, text, person):
    assert person in [a for _, a in found(finder, text)]


@pytest.mark.parametrize("text", [
    "The Foreign Ministry said on Monday that it disagreed.",
    "Security Council members said nothing.",
    "On Monday Morning the markets fell.",
    "The Coast Guard said the slick had grown.",
    "Boats were kept out of Prince William Sound after the spill.",
    "The Gulf Coast Claims Facility said it had paid.",
])
def test_no_person_made_of_ordinary_capitalized_words(finder, text):
    assert [m for m in finder.find(text, [(0, len(text))]) if m.how == "discovered"] == []


def test_role_resolves_only_when_the_document_names_its_holder(finder):
    with_name = "Kremlin spokesperson Dmitry Peskov spoke. Later the Kremlin spokesperson clarified the point."
    got = finder.find(with_name, [(0, len(with_name))])
    roles = [m for m in got if m.how == "role"]
    assert [(m.text, m.actor) for m in roles] == [("Kremlin spokesperson", "Dmitry Peskov")]
    assert not any(m.actor == "the Kremlin" and m.start > with_name.index("Later") for m in got)
    without = "The Kremlin spokesperson clarified the point."
    assert [m for m in finder.find(without, [(0, len(without))]) if m.how == "role"] == []


def test_places_are_not_actors(finder):
    text = "Putin spoke in Moscow. Moscow rejected the plan."
    got = finder.find(text, [(0, len(text))])
    russia = [m for m in got if m.actor == "Russia"]
    assert len(russia) == 1 and russia[0].start == text.index("Moscow rejected")


def test_offsets_slice_the_text(finder):
    text = "U.S. President Donald Trump and Russia's Vladimir Putin met; Zelenskyy was not invited."
    for m in finder.find(text, [(0, len(text))]):
        assert text[m.start:m.end] == m.text


def test_a_bad_actors_file_names_the_file_and_line(tmp_path):
    for name in ("outlets.csv", "event_types.csv", "person_titles.txt"):
        (tmp_path / name).write_text((knowledge.PROJECT_DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "actors.csv").write_text("name,aliases,kind,side,role\nPutin,Putin,wizard,Russia,\n", encoding="utf-8")
    with pytest.raises(knowledge.KnowledgeError, match=r"actors.csv:2: kind 'wizard'.*person, organization, country"):
        knowledge.load(tmp_path)


# ---------------------------------------------------------------- one-word names linked across the corpus

def info(actor, kind="person", bare=0):
    return {"actor": actor, "kind": kind, "side": "", "origin": "discovered", "forms": [actor], "bare": bare}


@pytest.mark.parametrize("cells, links", [
    ([[info("Tony Hayward")], [info("Hayward", bare=2)]], {"Hayward": "Tony Hayward"}),
    ([[info("Hayward", bare=1)]], {}),                                   # "Mr Hayward": kept as written
    ([[info("Officials", bare=2)]], {"Officials": None}),                # "Officials said": no one
    ([[info("Ana Ruiz"), info("Luis Ruiz")], [info("Ruiz", bare=2)]], {}),  # two people: left alone
    ([[info("Bob Ruiz"), info("Bill Ruiz")], [info("Ruiz", bare=1)]], {}),  # the same initial is no proof
    ([[info("Ruiz", bare=2)], [info("Ruiz Group", kind="organization")]], {"Ruiz": None}),
    ([[info("Kamal", bare=1)], [info("Ahmed Kamal")]], {"Kamal": "Ahmed Kamal"}),
    ([[info("Ken Feinberg")], [info("Kenneth Feinberg")], [info("Kenneth Feinberg")], [info("Feinberg", bare=2)]],
     {"Feinberg": "Kenneth Feinberg"}),                                   # one person, two spellings
])
def test_surname_links(cells, links):
    from timeline.extract import linking

    assert linking.surname_links(cells) == links


def corpus_of(folder, texts: dict[str, str], **kw):
    import timeline

    folder.mkdir(exist_ok=True)
    for name, body in texts.items():
        (folder / name).write_text(body, encoding="utf-8")
    return timeline.build([folder], workers=1, **kw)


ONE = "date 2010-06-10\n\nTony Hayward met the families on Monday.\n"
TWO = ("date 2010-06-12\n\nHayward said on Friday that the well was capped. Officials said on Thursday that the "
       "beaches were open. Mr Gruber told reporters on Wednesday that he agreed.\n")


def subjects(c) -> dict[str, str | None]:
    return {str(d)[:10]: (a[0] if len(a) else None) for d, a in zip(c.events["date"], c.events["actors"])}


def test_a_surname_alone_in_one_article_is_the_full_name_of_another(tmp_path):
    c = corpus_of(tmp_path / "a", {"one.txt": ONE, "two.txt": TWO}, use_cache=False)
    assert subjects(c) == {"2010-06-07": "Tony Hayward", "2010-06-11": "Tony Hayward", "2010-06-09": "Gruber",
                           "2010-06-10": None}
    actors = c.actors.set_index("actor")
    assert actors.loc["Tony Hayward", "aliases"] == "Hayward" and actors.loc["Tony Hayward", "n_events"] == 2
    assert "Officials" not in actors.index and actors.loc["Gruber", "kind"] == "person"


def test_an_article_added_later_links_the_surnames_of_earlier_ones(tmp_path):
    folder, cache = tmp_path / "a", tmp_path / "cache"
    first = corpus_of(folder, {"two.txt": TWO}, cache_dir=cache)
    assert "Hayward" not in {a for lst in first.events["actors"] for a in lst}  # no one named so yet
    from timeline.store import cache as cache_mod

    cache_mod.flush(cache)
    again = corpus_of(folder, {"one.txt": ONE}, cache_dir=cache)
    fresh = corpus_of(tmp_path / "b", {"one.txt": ONE, "two.txt": TWO}, use_cache=False)
    assert subjects(again) == subjects(fresh)
    assert again.events["actors"].tolist() == fresh.events["actors"].tolist()

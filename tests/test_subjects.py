"""Who did it: the first actor of an event is the subject of its clause, whatever else the sentence names."""
from __future__ import annotations

import pytest

from timeline import knowledge
from timeline.extract import boilerplate
from timeline.extract.actors import ActorFinder
from timeline.extract.article import read_article as prepare
from timeline.extract.events import EventFinder
from timeline.extract.sentences import sentences


@pytest.fixture(scope="module")
def finder():
    know = knowledge.load()
    return EventFinder(know, ActorFinder(know))


def first_actors(finder, tmp_path, body: str, published: str = "2021-03-12") -> dict[str, str | None]:
    f = tmp_path / "a.txt"
    f.write_text(f"date {published}\n\n{body}\n", encoding="utf-8")
    doc = prepare(f, {}, knowledge.load(), "a")
    return {e.date_text: (e.actors[0] if e.actors else None) for e in finder.events(doc, sentences(doc))}


def test_a_wire_dateline_names_no_actor(finder, tmp_path):
    got = first_actors(finder, tmp_path, "OSLO, March 11 (Reuters) - Storms closed two ports on Thursday, "
                                         "harbour officials said.")
    assert got.get("Thursday") not in ("Norway", "Reuters")


def test_lead_end_of_wire_and_place_datelines():
    s = "BERLIN | Thu Mar 11, 2021 9:03 am GMT BERLIN (Reuters) - The council met on Thursday to vote."
    assert s[boilerplate.lead_end(s):].startswith("The council")
    assert boilerplate.lead_end("Traffic on the road (east) - closed on Thursday as planned - was light.") == 0
    assert boilerplate.lead_end("NEW ORLEANS -- The levee board voted on Thursday to raise the wall.") == 15
    assert boilerplate.lead_end("The levee board voted on Thursday.") == 0


def test_a_country_inside_a_place_name_is_not_the_country(finder, tmp_path):
    got = first_actors(finder, tmp_path, "Fishing boats returned to the Gulf of Mexico on Thursday.")
    assert got.get("Thursday") != "Mexico"
    got = first_actors(finder, tmp_path, "Mexico closed its border on Thursday.")
    assert got["Thursday"] == "Mexico"


def test_the_speaker_after_the_verb_is_found(finder, tmp_path):
    got = first_actors(finder, tmp_path, "The beaches were closed on Thursday, said Marta Quintero of the "
                                         "weather service.")
    assert got.get("Thursday") == "Marta Quintero"


def test_an_appositive_role_keeps_the_person_first(finder, tmp_path):
    got = first_actors(finder, tmp_path, "Lena Okafor, a spokeswoman for the Interior Department, said on "
                                         "Thursday that the permits were suspended.")
    assert got["Thursday"] == "Lena Okafor"


def test_the_head_of_a_title_chain_is_the_subject(finder, tmp_path):
    got = first_actors(finder, tmp_path, "During a call on Thursday, Acme Corp Chief Operating Officer Dana "
                                         "Whitfield was asked about the delay.")
    assert got["Thursday"] == "Dana Whitfield"


def test_a_possessive_gives_way_to_the_person(finder, tmp_path):
    got = first_actors(finder, tmp_path, "In interviews on Thursday, the Kremlin's Dmitry Peskov defended the plan.")
    assert got["Thursday"] == "Dmitry Peskov"


def test_the_company_said_is_the_last_company(finder, tmp_path):
    got = first_actors(finder, tmp_path, "Acme Corp said its shares fell after Brazil opened an inquiry. "
                                         "The company said on Thursday that it would cooperate.")
    assert got["Thursday"] == "Acme Corp"


def test_he_is_the_person_named_before_in_the_sentence(finder, tmp_path):
    got = first_actors(finder, tmp_path, "Governor Paul Brandt spoke first. Senator Ruth Abernathy said that "
                                         "after meeting Mayor Tomas Greer, he resigned on Thursday.")
    assert got["Thursday"] == "Tomas Greer"


@pytest.mark.parametrize("sentence, place, kept", [
    ("Trump and Putin met in Helsinki, Finland, on July 16, 2018.", "Finland", True),
    ("The leaders spoke on the sidelines of the summit in Osaka, Japan, on Friday.", "Japan", True),
    ("In Ukraine, Russia launched a wave of drones on Monday.", "Russia", False),
])
def test_a_country_that_locates_a_place_is_not_an_actor(sentence, place, kept):
    finder = ActorFinder(knowledge.load())
    names = {m.actor for m in finder.find(sentence, [(0, len(sentence))])}
    assert (place not in names) == kept

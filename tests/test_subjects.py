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


# Sentences of the kinds news of any story is written in (ceasefire talks, trade disputes, civil wars, disasters):
# the first actor of the event dated by ``when`` must be the one that acted or spoke.
@pytest.mark.parametrize("body, when, subject", [
    ("The junta announced on Monday that elections were postponed.", "Monday", "Junta"),
    ("Tokyo said Friday it would retaliate.", "Friday", "Japan"),
    ("The M23 rebels seized the airport on Sunday.", "Sunday", "M23 rebels"),
    ("Turkish state media warned on Thursday of new strikes.", "Thursday", "Turkish state media"),
    ("Sudan's army said on Monday it had retaken the bridge.", "Monday", "Sudanese army"),
    ("Kenya's president William Ruto told reporters on Monday that Nairobi would host the talks.", "Monday",
     "William Ruto"),
    ("Gen. Abdel Fattah al-Burhan said on Monday the war would go on.", "Monday", "Abdel Fattah al-Burhan"),
    ("Karel van der Berg signed the decree on Tuesday.", "Tuesday", "Karel van der Berg"),
    ("Commander Idris Malouf said on Wednesday the fighters would stay.", "Wednesday", "Idris Malouf"),
    ("Maria Lopez, the economy minister, told El Pais on Monday that tariffs were coming.", "Monday", "Maria Lopez"),
    ("Tony Hayward met the families on Monday.", "Monday", "Tony Hayward"),
    ("Ahmed Kamal spoke to Reuters on Monday about the truce.", "Monday", "Ahmed Kamal"),
    ("The Commerce Ministry imposed tariffs on steel. It said the measures take effect on Saturday.", "Saturday",
     "Commerce Ministry"),
    ("Tony Hayward met the families. Later he said on Friday that the company would pay.", "Friday",
     "Tony Hayward"),
    ("Leila Haddad, a rights lawyer, said the trial was unfair. She told reporters on Monday that she would "
     "appeal.", "Monday", "Leila Haddad"),
    ("Priya Nair met the envoy. Mr Nair told reporters on Friday that the border would reopen.", "Friday",
     "Priya Nair"),
    ("Tom Reyes, deputy head of the port authority in Mombasa, Kenya, said it reopened on Wednesday.", "Wednesday",
     "Tom Reyes"),
    ("Acme Corp said the mine flooded. The mining firm said on Tuesday that output would fall.", "Tuesday",
     "Acme Corp"),
    ("Admiral Rita Okoye spoke first. During Sunday's news conference, Ms Okoye also defended the use of "
     "dispersants by Acme Corp, despite concerns expressed by fishermen.", "Sunday", "Rita Okoye"),
    ("The company had paid only $71 million, the U.S. House Judiciary Committee said on Friday.", "Friday",
     "House Judiciary Committee"),
    ("The families were told by Admiral Rita Okoye. The well was sealed, said Admiral Rita Okoye. Okoye said on "
     "Monday that the tests had ended.", "Monday", "Rita Okoye"),
])
def test_the_first_actor_is_who_acted(finder, tmp_path, body, when, subject):
    assert first_actors(finder, tmp_path, body, "2025-03-12")[when] == subject


def test_an_office_with_its_country_is_a_person_of_that_country(finder, tmp_path):
    got = first_actors(finder, tmp_path, "Egypt's foreign minister said on Tuesday that talks would resume.",
                       "2025-03-12")["Tuesday"]
    kind, side, _ = finder.actors.describe(got)
    assert (kind, side) == ("person", "Egypt")


@pytest.mark.parametrize("body, when, not_subject", [
    ("The minister told Sky News on Monday that the border would close.", "Monday", "Sky News"),
    ("The envoy told the BBC on Friday that the talks had stalled.", "Friday", "BBC"),
    ("In an interview with CNN on Sunday, the general spoke of victory.", "Sunday", "CNN"),
])
def test_whom_one_spoke_to_is_not_the_subject(finder, tmp_path, body, when, not_subject):
    assert first_actors(finder, tmp_path, body, "2025-03-12")[when] != not_subject


@pytest.mark.parametrize("body, dates", [
    ("The minister told the Sunday Times on Wednesday that he would resign.", ["Wednesday"]),
    ("In an interview with the Mail on Sunday, published on Saturday, she said she had resigned.", ["Saturday"]),
    ("The Sunday Telegraph reported on Monday that the deal was off.", ["Monday"]),
    ("He wrote in the Independent on Sunday that the plan had failed on Tuesday.", ["Tuesday"]),
    ("Trump on Sunday said the tariffs would stay.", ["Sunday"]),
    ("On Sunday President Ruto said the talks would go on.", ["Sunday"]),
])
def test_a_newspaper_named_with_a_weekday_is_no_date(finder, tmp_path, body, dates):
    got = first_actors(finder, tmp_path, body, "2025-03-12")
    assert sorted(got) == dates
    assert not any(a and ("Times" in a or "Mail" in a or "Telegraph" in a) for a in got.values())

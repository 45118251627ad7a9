"""The Actors page's list of who is who: every actor with where it is known from, and the actors found in the
articles with no list, each with one button that adds it to data/actors.csv (with the forms the articles name
it by as its aliases, its kind and side) for the sessions allowed to edit."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard.access import edit_state
from timeline import knowledge
from timeline.knowledge import adding
from timeline.views.text import markdown_text
from timeline.views.view import View

ss = st.session_state
SHOWN = 25  # discovered actors listed with a button (the most frequent first)
ORIGIN_LABELS = {"yours": "your list", "world": "world tables", "discovered": "found in the text"}
_NOTICE = "_actor_added"


def who_is_who(actors: pd.DataFrame) -> pd.DataFrame:
    """The actors frame as the page shows it: where each actor is known from in words."""
    return pd.DataFrame({
        "actor": actors["actor"],
        "known from": actors["origin"].astype(object).map(ORIGIN_LABELS).fillna(""),
        "kind": actors["kind"].astype(object),
        "side": actors["side"].astype(object).fillna(""),
        "also named": actors["aliases"].fillna("").str.replace("|", ", ", regex=False),
        "events": actors["n_events"],
    })


def discovered(actors: pd.DataFrame) -> pd.DataFrame:
    """The actors no list names, the most frequent first."""
    found = actors[actors["origin"] == "discovered"]
    return found.sort_values(["n_events", "actor"], ascending=[False, True], kind="stable")


def _key(name: str) -> str:
    return "add_actor_" + hashlib.sha1(name.encode()).hexdigest()[:12]


def panel(view: View) -> None:
    """Every actor with where it is known from, then the discovered ones with their add buttons."""
    actors = view.data.actors
    notice = ss.pop(_NOTICE, None)
    if notice:
        st.success(notice, icon=":material/person_add:")
    st.subheader("Who is who")
    if actors.empty:
        st.caption("No actor is named in an event.")
        return
    st.dataframe(who_is_who(actors), hide_index=True, key="who_is_who", height=240)
    found = discovered(actors)
    if found.empty:
        st.caption("Every actor is in your list (data/actors.csv) or the world tables.")
        return
    allowed, why = edit_state()
    st.caption(f"{len(found):,} actors were found in the articles with no list. Add one to data/actors.csv to "
               "keep its name, kind and side in every build" + ("." if allowed else f" ({why})"))
    for row in found.head(SHOWN).itertuples(index=False):
        name, aliases = str(row.actor), adding.aliases_of(row.aliases)
        left, right = st.columns([5, 1], vertical_alignment="center")
        detail = " · ".join(x for x in (str(row.kind), str(row.side or ""), f"{row.n_events:,} events") if x)
        also = f" — also {', '.join(markdown_text(a) for a in aliases)}" if aliases else ""
        left.markdown(f"**{markdown_text(name)}** :orange-badge[discovered] {markdown_text(detail)}{also}")
        if right.button("Add", key=_key(name), disabled=not allowed, help=why or "Add to data/actors.csv"):
            _add(name, aliases, str(row.kind), str(row.side or ""))
    if len(found) > SHOWN:
        st.caption(f"… and {len(found) - SHOWN:,} more, each in fewer events.")


def _add(name: str, aliases: tuple[str, ...], kind: str, side: str) -> None:
    """Write the actor to the knowledge folder's actors.csv; the next run rebuilds with it."""
    if not edit_state()[0]:  # the button is disabled then; a forged click changes nothing
        return
    try:
        adding.add_actor(knowledge.data_dir(), name, aliases, kind, side)
    except knowledge.KnowledgeError as exc:
        st.error(str(exc))
        return
    ss[_NOTICE] = f"Added {name} to data/actors.csv (the file before it is kept as actors.csv.bak)."
    st.rerun()

"""The curation panels of the pages: accept, reject, edit, merge, split and add events, add articles, set
documents' metadata, undo, and the edit history. Who may edit is decided in ``dashboard.access``; the edits
are recorded by ``timeline.store.curation`` (events) and ``timeline.store.articles`` (articles and metadata).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import identity, notices, uploads
from dashboard.access import can_edit, edit_state, password_form, shown_path, who
from dashboard.session import curation_state, edit_log
from timeline.extract.records import iso_day
from timeline.store import articles, curation, history
from timeline.views.tables import orphans_table
from timeline.views.text import html_text, markdown_text
from timeline.views.view import View, full_document

ss = st.session_state
HISTORY_SHOWN = 100  # the newest edits listed in the history panel


def _done(message: str, place: str) -> None:
    notices.done(message, place)


def edit_controls(folder: Path) -> None:
    """Who is editing, undo, the rejected-events toggle and (when set) the edit password."""
    st.toggle("Show rejected events", key="show_rejected", help="Events an analyst rejected are hidden by default")
    notices.age()
    allowed, why = edit_state()
    if password_form():
        return
    if not allowed:
        st.caption(why)
        return
    if "who" not in ss:
        ss["who"] = identity.initial()
    st.text_input("Your name (for the edit history)", key="who", max_chars=curation.MAX_NAME,
                  help="Kept in this browser for your next visits.")
    typed = " ".join(str(ss.get("who") or "").split())
    if typed and typed != who():
        st.warning(f"Names are recorded without control characters: as “{markdown_text(who())}”.")
    identity.remember(who())
    if st.button("Undo my last edit", key="undo", icon=":material/undo:"):
        log = edit_log(folder)
        edit = articles.undo_last_edit(log, folder, who())
        _done(f"Undone: {_undone(log, edit)}" if edit else "Nothing of yours to undo.", "undo")
    notices.show("undo")


def _undone(log: curation.Log, edit: curation.Edit) -> str:
    """The undone edit as the history names it: its change and the event (or document) it was made to."""
    state, data = curation_state(), ss.get("_curated")
    names = history.Names(log.edits(), state.events if state is not None else None,
                          data.documents if data is not None else None)
    return f"{history.change(edit, names)} — {names.target(edit)}"


# ---------------------------------------------------------------------------------- events

def _curator(view: View) -> curation.Curator:
    folder = Path(ss["_folder"])
    state = curation_state()
    return curation.Curator(edit_log(folder), state.events, state.mentions, who())


def _version(event_id: str) -> int:
    """The event's version in the edit log (0 before the first edit; the log is not made for this)."""
    log = edit_log(Path(ss["_folder"]), create=False)
    return log.version_of(event_id) if log is not None else 0


def _shown(event_id: str, values: dict) -> dict:
    """What the edit form of this event was made from: the event's version and values when it was first shown
    (kept until a save, so a save made on an older version is seen as such)."""
    shown = ss.get("_cur_shown")
    if not shown or shown["event"] != event_id:
        shown = ss["_cur_shown"] = {"event": event_id, "version": _version(event_id), "values": values}
    return shown


def _save(curator, event_id: str, base: int, seen: dict, values: dict) -> None:
    try:
        n = curator.edit(event_id, base=base, seen=seen, **values)
    except curation.Conflict as conflict:
        ss["_cur_conflict"] = {"event": event_id, "theirs": conflict.theirs, "yours": conflict.yours,
                               "by": conflict.by, "version": conflict.version, "values": values}
        ss.pop("_cur_shown", None)
        st.rerun()
    ss.pop("_cur_shown", None)
    ss.pop("_cur_conflict", None)
    _done("Event updated." if n else "Nothing changed.", "edit")


def _conflict_panel(curator, event_id: str, now: dict) -> None:
    """Someone else changed the fields you were editing: both values, and a second save to put yours over."""
    c = ss.get("_cur_conflict")
    if not c or c["event"] != event_id:
        return
    lines = "\n".join(f"- **{markdown_text(k)}**: theirs {markdown_text(t)} · yours {markdown_text(y)}"
                      for k, t, y in curation.conflict_lines(c["theirs"], c["yours"]))
    st.warning(f"{markdown_text(', '.join(c['by']) or 'Someone')} changed this event while you were editing it; "
               f"your changes were not saved (they are kept in the edit history as a proposal).\n\n{lines}",
               icon=":material/warning:")
    mine, theirs = st.columns(2)
    if mine.button("Save mine anyway", key="cur_save_anyway"):
        _save(curator(), event_id, c["version"], now, c["values"])
    if theirs.button("Keep theirs", key="cur_keep_theirs"):
        ss.pop("_cur_conflict", None)
        _done("Kept their changes.", "edit")


def _label(e) -> str:
    day = iso_day(e["date"]) or "undated"
    return f"{day} · {e['event_type']} · {e['subject'] if not pd.isna(e['subject']) else '—'} · " \
           f"{str(e['summary'])[:70]}"


def status_line(event_id: str) -> str:
    state = curation_state()
    if state is None:
        return ""
    rows = state.events[state.events["event_id"] == event_id]
    if rows.empty:
        return ""
    e = rows.iloc[0]
    status = {"accepted": "accepted", "rejected": "rejected (hidden unless shown)"}.get(str(e["status"]),
                                                                                      "not reviewed")
    by = f" · edited by {', '.join(e['edited_by'])}" if len(e["edited_by"]) else ""
    return markdown_text(f"Status: {status}{by}")  # editors' names are shown as typed, never as markdown


def event_panel(view: View, event_id: str) -> None:
    """Accept, reject, edit, merge and split one event."""
    st.caption(status_line(event_id))
    allowed, why = edit_state()
    if not allowed:
        st.caption(why)
        return
    state = curation_state()
    rows = state.events[state.events["event_id"] == event_id]
    if rows.empty:
        return
    e = rows.iloc[0]
    def curator() -> curation.Curator:  # the log is opened (and made) only when an edit is written
        return _curator(view)
    a, r, _ = st.columns([1, 1, 4])
    if a.button("Accept", key="cur_accept", icon=":material/check:", disabled=e["status"] == "accepted"):
        curator().accept(event_id)
        _done("Event accepted.", "event")
    if r.button("Reject", key="cur_reject", icon=":material/block:", disabled=e["status"] == "rejected"):
        curator().reject(event_id)  # the event leaves the table (and this panel) unless rejected ones are shown
        _done("Event rejected: it is hidden unless 'Show rejected events' is on.",
              "event" if ss.get("show_rejected") else notices.TOAST)
    notices.show("event")
    now = curation.event_values(state.events, event_id)
    _conflict_panel(curator, event_id, now)
    shown = _shown(event_id, now)
    with st.expander("Edit this event", icon=":material/edit:"):
        with st.form(key="cur_edit_form"):
            c1, c2 = st.columns(2)
            date = c1.date_input("Date", value=None if pd.isna(e["date"]) else pd.Timestamp(e["date"]).date(),
                                 min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1), key="cur_date",
                                 format="YYYY-MM-DD")
            precs = list(curation.PRECISIONS)
            prec = c2.selectbox("Precision", precs, key="cur_precision",
                                index=precs.index(str(e["precision"])) if str(e["precision"]) in precs else 0)
            actors = st.text_input("Actors (subject first, comma-separated)", ", ".join(e["actors"]),
                                   key="cur_actors")
            types = sorted(set(view.data.options.get("types", [])) | {str(e["event_type"]), "other"})
            etype = st.selectbox("Type", types, index=types.index(str(e["event_type"])), key="cur_type",
                                 accept_new_options=True)
            summary = st.text_area("Summary", str(e["summary"]), key="cur_summary")
            if st.form_submit_button("Save changes", key="cur_save"):
                _save(curator(), event_id, shown["version"], shown["values"],
                      dict(date=iso_day(date) if date else None, precision=prec if date else None,
                           actors=[x.strip() for x in actors.split(",") if x.strip()], event_type=etype or "other",
                           summary=summary))
    notices.show("edit")
    others = state.events[state.events["event_id"] != event_id]
    if len(others):
        with st.expander("Merge with another event (the same event reported twice)", icon=":material/merge:",
                         expanded=notices.pending("merge")):
            same_day = others["date"] == e["date"]
            others = pd.concat([others[same_day], others[~same_day]])
            labels = dict(zip(others["event_id"], [_label(o) for _, o in others.iterrows()]))
            other = st.selectbox("The other event (its mentions move into this one)", list(labels),
                                 format_func=labels.get, key="cur_merge_with", index=None)
            if st.button("Merge into this event", key="cur_merge", disabled=other is None):
                curator().merge(event_id, other)
                _done("Events merged.", "merge")
            notices.show("merge")
    ms = state.mentions[state.mentions["event_id"] == event_id].reset_index(drop=True)
    if len(ms) > 1:
        with st.expander("Split (some mentions are another event)", icon=":material/call_split:",
                         expanded=notices.pending("split")):
            pick = st.multiselect("Mentions to move to a new event", list(range(len(ms))), key="cur_split_mentions",
                                  format_func=lambda i: f"{ms.loc[i, 'doc']}: {str(ms.loc[i, 'sentence'])[:90]}")
            if st.button("Split off", key="cur_split", disabled=not pick or len(pick) == len(ms)):
                curator().split(event_id, ms.loc[pick])
                _done("Event split.", "split")
            notices.show("split")


def selection_panel(view: View, event_id: str, index: int) -> None:
    """Compact curation under one event selected on the timeline."""
    allowed, _ = edit_state()
    st.caption(status_line(event_id))
    if not allowed:
        return
    def curator() -> curation.Curator:  # the log is opened (and made) only when an edit is written
        return _curator(view)
    a, r, link = st.columns([1, 1, 3])
    if a.button("Accept", key=f"sel_accept_{index}", icon=":material/check:"):
        curator().accept(event_id)  # the chart is drawn again: its selection, and this panel, may go
        _done("Event accepted.", notices.TOAST)
    if r.button("Reject", key=f"sel_reject_{index}", icon=":material/block:"):
        curator().reject(event_id)
        _done("Event rejected: it is hidden unless 'Show rejected events' is on.", notices.TOAST)
    link.page_link("pages/events.py", label="Edit, merge or split on the Events page", icon=":material/edit:",
                   query_params=view.link_params(event=event_id, view="event"))


def merge_selected(view: View, ids: list[str]) -> None:
    if len(ids) == 2 and can_edit():
        if st.button("These two are the same event: merge them", key="sel_merge", icon=":material/merge:"):
            _curator(view).merge(ids[0], ids[1])
            _done("Events merged.", notices.TOAST)  # the selection it was made from is gone


def add_event_form(view: View) -> None:
    """An event written by hand, with its evidence: a sentence of one document."""
    if not can_edit():
        return
    docs = view.data.documents
    if docs.empty:
        return
    with st.expander("Add an event by hand", icon=":material/add:", expanded=notices.pending("add")):
        titles = dict(zip(docs["doc"], docs["title"]))
        doc_id = st.selectbox("Document (the evidence)", list(titles), key="add_doc", format_func=lambda d:
                              f"{titles[d]} ({d})")
        with st.form(key="add_form"):
            quote = st.text_area("Evidence: the sentence from the document", key="add_quote")
            c1, c2 = st.columns(2)
            date = c1.date_input("Date", value=None, key="add_date", min_value=dt.date(1800, 1, 1),
                                 max_value=dt.date(2200, 1, 1), format="YYYY-MM-DD")
            prec = c2.selectbox("Precision", curation.PRECISIONS, key="add_precision")
            actors = st.text_input("Actors (subject first, comma-separated)", key="add_actors")
            etype = st.selectbox("Type", sorted(set(view.data.options.get("types", [])) | {"other"}),
                                 key="add_type", accept_new_options=True)
            summary = st.text_input("Summary", key="add_summary")
            if st.form_submit_button("Add event", key="add_submit"):
                doc = full_document(view.data, doc_id)
                text = doc.text if doc is not None else ""
                where = text.lower().find(quote.strip().lower()) if quote.strip() else -1
                if not quote.strip():
                    st.error("Give the sentence the event comes from.")
                elif where < 0:
                    st.error("That sentence is not in the document: copy it from the text on the Sources page.")
                else:
                    q = text[where:where + len(quote.strip())]
                    _, eid = _curator(view).add(doc=doc_id, quote=q, start=where,
                                                date=iso_day(date) if date else None, precision=prec,
                                                actors=[x.strip() for x in actors.split(",") if x.strip()],
                                                event_type=etype or "other", summary=summary or q[:200])
                    ss["event"] = eid
                    _done("Event added.", "add")
        notices.show("add")


def history_panel(folder: Path) -> None:
    """Every edit, newest first, with who made it: for sessions that may edit only."""
    if not can_edit():
        return
    with st.expander("Edit history", icon=":material/history:"):
        log = edit_log(folder, create=False)
        edits = log.edits() if log else []
        if not edits:
            st.caption("No edits yet.")
            return
        state, data = curation_state(), ss.get("_curated")
        table = history.history_table(edits, state.events if state is not None else None,
                                      data.documents if data is not None else None)
        if len(table) > HISTORY_SHOWN:
            st.caption(f"The newest {HISTORY_SHOWN} of {len(table)} edits.")
        # a static table: every change is shown in full, wrapped (a data grid cuts long cells off); its cells
        # would be read as markdown, and names and summaries are shown as typed
        shown = table.head(HISTORY_SHOWN).drop(columns=["target"])
        st.table(shown.map(lambda v: markdown_text(str(v))), hide_index=True)


# --------------------------------------------------------------------------------- sources

def undated_prompt(view: View, folder: Path) -> None:
    """Undated documents first, each with a date field: their relative dates resolve once it is saved."""
    notices.show("undated")  # above the prompt: the document just dated has left it
    docs = view.data.documents
    undated = docs[docs["published"].isna()]
    if undated.empty:
        return
    st.warning(f"{len(undated)} document(s) have no publication date: their relative dates (“on Thursday”, "
               "“last month”) cannot be placed on the timeline until you give it.", icon=":material/event_busy:")
    if not can_edit():
        return
    for i, (_, d) in enumerate(undated.iterrows()):
        with st.form(key=f"undated_{d['doc']}", border=False):
            c1, c2, c3 = st.columns([4, 2, 1], vertical_alignment="bottom")
            c1.html(f"<b>{html_text(str(d['title']))}</b><br><span style='color:#6B6F76;font-size:13px'>"
                    f"{html_text(shown_path(d['path'], folder))}</span>")
            day = c2.date_input("Published", value=None, key=f"undated_date_{d['doc']}", format="YYYY-MM-DD",
                                min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1))
            if c3.form_submit_button("Save date", key=f"undated_save_{d['doc']}") and day:
                articles.set_document(edit_log(folder), folder, who(), d, {"published": iso_day(day)})
                _done(f"{d['title']}: dated {iso_day(day)}; its relative dates are re-anchored.", "undated")


def add_articles(folder: Path) -> None:
    """Upload files or paste an article."""
    if not can_edit():
        return
    mb, most = uploads.MAX_MB, uploads.MAX_FILES
    with st.expander("Add articles", icon=":material/upload_file:", expanded=notices.pending("upload", "paste")):
        up, paste = st.tabs(["Upload files", "Paste text"])
        with up:
            files = st.file_uploader(f"Articles (.txt, .md, .html; up to {most} files of {mb} MB each)",
                                     type=["txt", "md", "html"], accept_multiple_files=True,
                                     max_upload_size=mb, key=f"upload_files_{ss.get('_upload_n', 0)}",
                                     help=f"Each file at most {mb} MB, at most {most} files at a time.")
            if st.button("Add the files", key="upload_add", disabled=not files):
                added, errors = [], []
                for f in files or []:
                    try:
                        p = articles.add_article(edit_log(folder), folder, who(), f.name, f.getvalue())
                        added.append(p.name)
                    except articles.ArticleError as exc:
                        errors.append(str(exc))
                uploads.forget()  # the files are in the data folder now: the server drops its copies
                ss["_upload_errors"] = errors
                ss["_upload_n"] = ss.get("_upload_n", 0) + 1
                if added:
                    _done(f"Added {', '.join(added)}: extracted and shown on every page.", "upload")
            for err in ss.get("_upload_errors", []):
                st.error(markdown_text(err))  # errors name the uploaded file: shown as text
        with paste:
            with st.form(key="paste_form", clear_on_submit=True):
                title = st.text_input("Title (optional)", key="paste_title")
                c1, c2, c3 = st.columns(3)
                outlet = c1.text_input("Outlet (optional)", key="paste_outlet")
                url = c2.text_input("URL (optional)", key="paste_url")
                day = c3.date_input("Published (optional)", value=None, key="paste_date", format="YYYY-MM-DD",
                                    min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1))
                text = st.text_area("Article text", key="paste_text", height=200)
                if st.form_submit_button("Add the article", key="paste_add"):
                    try:
                        p = articles.add_article(edit_log(folder), folder, who(), articles.paste_name(title),
                                                 text.encode("utf-8"),
                                                 {"title": title, "outlet": outlet, "url": url,
                                                  "published": iso_day(day) if day else ""})
                        _done(f"Added {p.name}: extracted and shown on every page.", "paste")
                    except articles.ArticleError as exc:
                        st.error(markdown_text(exc))
        notices.show("upload")  # under the tabs: the tab shown after the rerun may be the other one
        notices.show("paste")


def metadata_form(view: View, folder: Path, row: pd.Series) -> None:
    """Set or correct one document's publication date, outlet, title and URL."""
    if not can_edit():
        return
    v = articles.document_values(row)
    with st.expander("Correct this document's metadata", icon=":material/edit_note:",
                     expanded=not v["published"] or notices.pending("meta")):
        with st.form(key=f"meta_{row['doc']}"):
            c1, c2 = st.columns(2)
            pub = c1.date_input("Published", value=dt.date.fromisoformat(v["published"]) if v["published"] else None,
                                key="meta_published", format="YYYY-MM-DD", min_value=dt.date(1800, 1, 1),
                                max_value=dt.date(2200, 1, 1))
            outlet = c2.text_input("Outlet", v["outlet"], key="meta_outlet")
            title = st.text_input("Title", v["title"], key="meta_title")
            url = st.text_input("URL", v["url"], key="meta_url")
            if st.form_submit_button("Save", key="meta_save"):
                changed = articles.set_document(edit_log(folder), folder, who(), row,
                                                {"published": iso_day(pub) if pub else "", "outlet": outlet,
                                                 "title": title, "url": url})
                _done("Saved: the document is read again with this metadata." if changed else "Nothing changed.",
                      "meta")
        notices.show("meta")


def orphans() -> None:
    """Edits whose event the latest build no longer has: listed, never dropped."""
    state = curation_state()
    if state is None or not state.orphans:
        return
    with st.expander(f"{len(state.orphans)} edit(s) whose event can no longer be found", expanded=True,
                     icon=":material/link_off:"):
        st.caption("The articles were extracted again and these events (by id and by their sentences) are gone. "
                   "The edits are kept and apply again if the events come back.")
        table = orphans_table(state.orphans)
        st.dataframe(table if can_edit() else table.drop(columns=["who"]), hide_index=True, key="orphan_edits")

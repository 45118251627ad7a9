"""Analyst curation in the dashboard: the edit log (through ``st.connection``), who may edit, and the widgets
the pages show to accept, reject, edit, merge, split and add events, add articles and set document metadata.

Editing is allowed:
* never when ``TIMELINE_READONLY=1`` or ``[timeline] readonly = true`` (secrets);
* after the password is entered when ``[timeline] edit_password`` is set (secrets);
* otherwise only when the app is not hosted: ``TIMELINE_HOSTED=1``, ``[timeline] hosted = true`` or running on
  Streamlit Community Cloud (the app under /mount/src) make a deployment hosted, and a hosted deployment
  without an edit password is read-only.
"""
from __future__ import annotations

import datetime as dt
import hmac
import html
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from timeline.store import articles, curation, edits, loader as workflow
from timeline.views import view as app_data

CONNECTION = "timeline"
ss = st.session_state
_TRUE = ("1", "true", "yes", "on")


def _setting(key: str, default=None):
    try:
        return st.secrets.get("timeline", {}).get(key, default)
    except Exception:  # no secrets.toml
        return default


def _flag(env: str, key: str) -> bool:
    return os.environ.get(env, "").strip().lower() in _TRUE or str(_setting(key, "")).strip().lower() in _TRUE


def hosted() -> bool:
    return _flag("TIMELINE_HOSTED", "hosted") or str(Path.cwd()).startswith("/mount/src")


def edit_state() -> tuple[bool, str]:
    """(may this session edit?, why not)."""
    if _flag("TIMELINE_READONLY", "readonly"):
        return False, "This deployment is read-only."
    password = _setting("edit_password")
    if password:
        return ss.get("_edit_unlocked") is True, "Enter the edit password in the sidebar to edit."
    if hosted():
        return False, "Editing is off on this hosted deployment (its owner can set an edit password)."
    return True, ""


def can_edit() -> bool:
    return edit_state()[0]


def who() -> str:
    return (ss.get("who") or curation.DEFAULT_USER).strip() or curation.DEFAULT_USER


# ------------------------------------------------------------------------------- the edit log

def log(folder: Path, create: bool = True) -> curation.Log | None:
    """The edit log: ``[connections.timeline]`` from the secrets, else the SQLite file in the data folder
    (made by the first edit: with ``create=False`` and no file yet, None)."""
    try:
        configured = dict(st.secrets.get("connections", {}).get(CONNECTION, {}))
    except Exception:  # no secrets.toml
        configured = {}
    if configured and not configured.get("url"):  # dialect, host, username... given one by one
        conn = st.connection(CONNECTION, type="sql")
    else:
        if not configured.get("url") and not create and not edits.default_exists(folder):
            return None
        conn = st.connection(CONNECTION, type="sql", url=configured.get("url") or edits.default_url(folder))
    logs = _logs()
    key = id(conn.engine)
    if key not in logs:
        logs[key] = curation.Log(conn.engine)
    return logs[key]


@st.cache_resource
def _logs() -> dict:
    return {}


def curated(raw: app_data.Data, folder: Path) -> app_data.Data:
    """The corpus with every edit applied (rejected events left out unless the sidebar shows them)."""
    if raw.empty:
        return raw
    lg = log(folder, create=False)
    key = (ss.get("_data_key"), lg.revision() if lg else "", bool(ss.get("show_rejected")))
    if ss.get("_curated_key") != key:
        cur = workflow.curate(raw.events, raw.mentions, raw.documents, lg)
        before = ss.get("_curated")
        ss["_curation"] = cur
        ss["_curated"] = workflow.curated_data(raw, cur, show_rejected=bool(ss.get("show_rejected")))
        ss["_curated_key"] = key
        _follow_dates(before, ss["_curated"])
    ss["_folder"] = str(folder)
    return ss["_curated"]


def _follow_dates(before: app_data.Data | None, after: app_data.Data) -> None:
    """Edits can move the corpus's first or last date: keep the date filter valid (a full range stays full)."""
    dates = ss.get("dates")
    if before is None or not isinstance(dates, (tuple, list)) or not dates or not after.domain.first:
        return
    lo, hi = dates[0], dates[-1]
    if (lo, hi) == (before.domain.first, before.domain.last):
        ss["dates"] = (after.domain.first, after.domain.last)
    else:
        lo = min(max(lo or after.domain.first, after.domain.first), after.domain.last)
        ss["dates"] = (lo, max(min(hi or after.domain.last, after.domain.last), lo))


def _done(message: str) -> None:
    ss["_curation_notice"] = message
    st.rerun()


def sidebar(folder: Path) -> None:
    """Who is editing, undo, the rejected-events toggle and (when set) the edit password."""
    st.toggle("Show rejected events", key="show_rejected", help="Events an analyst rejected are hidden by default")
    allowed, why = edit_state()
    if not allowed and _setting("edit_password") and not _flag("TIMELINE_READONLY", "readonly"):
        pw = st.text_input("Edit password", type="password", key="edit_password")
        if st.button("Unlock editing", key="unlock") and pw:
            if hmac.compare_digest(str(pw).encode(), str(_setting("edit_password")).encode()):
                ss["_edit_unlocked"] = True
                st.rerun()
            st.error("Wrong password.")
        return
    if not allowed:
        st.caption(why)
        return
    ss.setdefault("who", curation.DEFAULT_USER)
    st.text_input("Your name (for the edit history)", key="who", max_chars=100)
    if st.button("Undo my last edit", key="undo", icon=":material/undo:"):
        ed = workflow.undo_last(log(folder), folder, who())
        _done(f"Undone: {ed.describe()} ({ed.target})" if ed else "Nothing of yours to undo.")
    if ss.get("_curation_notice"):
        st.success(ss.pop("_curation_notice"))


# ---------------------------------------------------------------------------------- events

def _curator(view: app_data.View) -> curation.Curator:
    folder = Path(ss["_folder"])
    cur: curation.Curated = ss["_curation"]
    return curation.Curator(log(folder), cur.events, cur.mentions, who())


def _label(e) -> str:
    day = app_data.fmt_day(e["date"]) or "undated"
    return f"{day} · {e['event_type']} · {e['subject'] if not pd.isna(e['subject']) else '—'} · " \
           f"{str(e['summary'])[:70]}"


def status_line(event_id: str) -> str:
    cur: curation.Curated = ss.get("_curation")
    if cur is None:
        return ""
    rows = cur.events[cur.events["event_id"] == event_id]
    if rows.empty:
        return ""
    e = rows.iloc[0]
    status = {"accepted": "accepted", "rejected": "rejected (hidden unless shown)"}.get(str(e["status"]),
                                                                                      "not reviewed")
    by = f" · edited by {', '.join(e['edited_by'])}" if len(e["edited_by"]) else ""
    return f"Status: {status}{by}"


def event_panel(view: app_data.View, event_id: str) -> None:
    """Accept, reject, edit, merge and split one event."""
    st.caption(status_line(event_id))
    allowed, why = edit_state()
    if not allowed:
        st.caption(why)
        return
    cur: curation.Curated = ss["_curation"]
    rows = cur.events[cur.events["event_id"] == event_id]
    if rows.empty:
        return
    e = rows.iloc[0]
    def cu() -> curation.Curator:  # the log is opened (and made) only when an edit is written
        return _curator(view)
    a, r, _ = st.columns([1, 1, 4])
    if a.button("Accept", key="cur_accept", icon=":material/check:", disabled=e["status"] == "accepted"):
        cu().accept(event_id)
        _done("Event accepted.")
    if r.button("Reject", key="cur_reject", icon=":material/block:", disabled=e["status"] == "rejected"):
        cu().reject(event_id)
        _done("Event rejected: it is hidden unless 'Show rejected events' is on.")
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
                n = cu().edit(event_id, date=date.isoformat() if date else None, precision=prec if date else None,
                            actors=[x.strip() for x in actors.split(",") if x.strip()], event_type=etype or "other",
                            summary=summary)
                _done("Event updated." if n else "Nothing changed.")
    others = cur.events[cur.events["event_id"] != event_id]
    if len(others):
        with st.expander("Merge with another event (the same event reported twice)", icon=":material/merge:"):
            same_day = others["date"] == e["date"]
            others = pd.concat([others[same_day], others[~same_day]])
            labels = dict(zip(others["event_id"], [_label(o) for _, o in others.iterrows()]))
            other = st.selectbox("The other event (its mentions move into this one)", list(labels),
                                 format_func=labels.get, key="cur_merge_with", index=None)
            if st.button("Merge into this event", key="cur_merge", disabled=other is None):
                cu().merge(event_id, other)
                _done("Events merged.")
    ms = cur.mentions[cur.mentions["event_id"] == event_id].reset_index(drop=True)
    if len(ms) > 1:
        with st.expander("Split (some mentions are another event)", icon=":material/call_split:"):
            pick = st.multiselect("Mentions to move to a new event", list(range(len(ms))), key="cur_split_mentions",
                                  format_func=lambda i: f"{ms.loc[i, 'doc']}: {str(ms.loc[i, 'sentence'])[:90]}")
            if st.button("Split off", key="cur_split", disabled=not pick or len(pick) == len(ms)):
                cu().split(event_id, ms.loc[pick])
                _done("Event split.")


def selection_panel(view: app_data.View, event_id: str, index: int) -> None:
    """Compact curation under one event selected on the timeline."""
    allowed, _ = edit_state()
    st.caption(status_line(event_id))
    if not allowed:
        return
    def cu() -> curation.Curator:  # the log is opened (and made) only when an edit is written
        return _curator(view)
    a, r, link = st.columns([1, 1, 3])
    if a.button("Accept", key=f"sel_accept_{index}", icon=":material/check:"):
        cu().accept(event_id)
        _done("Event accepted.")
    if r.button("Reject", key=f"sel_reject_{index}", icon=":material/block:"):
        cu().reject(event_id)
        _done("Event rejected.")
    link.page_link("pages/events.py", label="Edit, merge or split on the Events page", icon=":material/edit:",
                   query_params=view.link_params(event=event_id, view="event"))


def merge_selected(view: app_data.View, ids: list[str]) -> None:
    if len(ids) == 2 and can_edit():
        if st.button("These two are the same event: merge them", key="sel_merge", icon=":material/merge:"):
            _curator(view).merge(ids[0], ids[1])
            _done("Events merged.")


def add_event_form(view: app_data.View) -> None:
    """An event written by hand, with its evidence: a sentence of one document."""
    if not can_edit():
        return
    docs = view.data.documents
    if docs.empty:
        return
    with st.expander("Add an event by hand", icon=":material/add:"):
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
                doc = app_data.document(view.data, doc_id)
                text = doc.text if doc is not None else ""
                where = text.lower().find(quote.strip().lower()) if quote.strip() else -1
                if not quote.strip():
                    st.error("Give the sentence the event comes from.")
                elif where < 0:
                    st.error("That sentence is not in the document: copy it from the text on the Sources page.")
                else:
                    q = text[where:where + len(quote.strip())]
                    _, eid = _curator(view).add(doc=doc_id, quote=q, start=where,
                                                date=date.isoformat() if date else None, precision=prec,
                                                actors=[x.strip() for x in actors.split(",") if x.strip()],
                                                event_type=etype or "other", summary=summary or q[:200])
                    ss["event"] = eid
                    _done("Event added.")


def history(folder: Path) -> None:
    with st.expander("Edit history", icon=":material/history:"):
        lg = log(folder, create=False)
        h = lg.history() if lg else None
        if h is None or h.empty:
            st.caption("No edits yet.")
        else:
            st.dataframe(h, hide_index=True, key="edit_history",
                         column_config={"change": st.column_config.TextColumn("change", width="large")})


# --------------------------------------------------------------------------------- sources

def undated_prompt(view: app_data.View, folder: Path) -> None:
    """Undated documents first, each with a date field: their relative dates resolve once it is saved."""
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
            c1.html(f"<b>{html.escape(str(d['title']))}</b><br><span style='color:#6B6F76;font-size:13px'>"
                    f"{html.escape(str(d['path']))}</span>")
            day = c2.date_input("Published", value=None, key=f"undated_date_{d['doc']}", format="YYYY-MM-DD",
                                min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1))
            if c3.form_submit_button("Save date", key=f"undated_save_{d['doc']}") and day:
                workflow.set_document(log(folder), folder, who(), d, {"published": day.isoformat()})
                _done(f"{d['doc']}: dated {day.isoformat()}; its relative dates are re-anchored.")


def add_articles(folder: Path) -> None:
    """Upload files or paste an article."""
    if not can_edit():
        return
    with st.expander("Add articles", icon=":material/upload_file:"):
        up, paste = st.tabs(["Upload files", "Paste text"])
        with up:
            files = st.file_uploader("Articles (.txt, .md, .html; up to 5 MB each)", type=["txt", "md", "html"],
                                     accept_multiple_files=True, key=f"upload_files_{ss.get('_upload_n', 0)}")
            if st.button("Add the files", key="upload_add", disabled=not files):
                added, errors = [], []
                for f in files or []:
                    try:
                        p = workflow.add_article(log(folder), folder, who(), f.name, f.getvalue())
                        added.append(p.name)
                    except articles.ArticleError as exc:
                        errors.append(str(exc))
                ss["_upload_errors"] = errors
                ss["_upload_n"] = ss.get("_upload_n", 0) + 1
                if added:
                    _done(f"Added {', '.join(added)}: extracted and shown on every page.")
            for err in ss.get("_upload_errors", []):
                st.error(err)
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
                        p = workflow.add_article(log(folder), folder, who(), articles.paste_name(title),
                                                 text.encode("utf-8"),
                                                 {"title": title, "outlet": outlet, "url": url,
                                                  "published": day.isoformat() if day else ""})
                        _done(f"Added {p.name}: extracted and shown on every page.")
                    except articles.ArticleError as exc:
                        st.error(str(exc))


def metadata_form(view: app_data.View, folder: Path, row: pd.Series) -> None:
    """Set or correct one document's publication date, outlet, title and URL."""
    if not can_edit():
        return
    v = workflow.document_values(row)
    with st.expander("Correct this document's metadata", icon=":material/edit_note:",
                     expanded=not v["published"]):
        with st.form(key=f"meta_{row['doc']}"):
            c1, c2 = st.columns(2)
            pub = c1.date_input("Published", value=dt.date.fromisoformat(v["published"]) if v["published"] else None,
                                key="meta_published", format="YYYY-MM-DD", min_value=dt.date(1800, 1, 1),
                                max_value=dt.date(2200, 1, 1))
            outlet = c2.text_input("Outlet", v["outlet"], key="meta_outlet")
            title = st.text_input("Title", v["title"], key="meta_title")
            url = st.text_input("URL", v["url"], key="meta_url")
            if st.form_submit_button("Save", key="meta_save"):
                changed = workflow.set_document(log(folder), folder, who(), row,
                                                {"published": pub.isoformat() if pub else "", "outlet": outlet,
                                                 "title": title, "url": url})
                _done("Saved: the document is read again with this metadata." if changed else "Nothing changed.")


def orphans() -> None:
    """Edits whose event the latest build no longer has: listed, never dropped."""
    cur: curation.Curated | None = ss.get("_curation")
    if cur is None or not cur.orphans:
        return
    with st.expander(f"{len(cur.orphans)} edit(s) whose event can no longer be found", expanded=True,
                     icon=":material/link_off:"):
        st.caption("The articles were extracted again and these events (by id and by their sentences) are gone. "
                   "The edits are kept and apply again if the events come back.")
        st.dataframe(workflow.orphans_table(cur), hide_index=True, key="orphan_edits")

"""What people see of a corpus, without Streamlit: filters, tables, figures, evidence, exports and reports.

view       a corpus ready for views (its filter index and domain) and one filtered view of it
query      filters <-> URL query parameters, and the events they keep
tables     the display tables of events, documents and edits
highlight  escaped HTML of evidence: sentences and documents with their spans marked
figures    the plotly charts: timeline, actor bars, heatmap, co-occurrence network, speakers
charts     chart kinds, titles and captions for export, and the ``chart`` command
images     size presets, the print theme, and PNG/SVG/PDF/HTML bytes (a headless browser draws them)
export     the events as records (one serializer for the command line and the dashboard), CSV, JSON,
           Parquet and TimelineJS
report     a self-contained HTML report of a view
keydates   the few days a corpus is about, each with a headline and its evidence
text       escaping text for HTML and for markdown
"""

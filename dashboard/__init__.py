"""The dashboard's Streamlit code besides ``app.py`` and ``pages/``: everything here imports streamlit,
nothing in ``timeline/`` does."""

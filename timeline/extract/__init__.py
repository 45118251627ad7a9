"""Extraction: one article's file -> its document, sentences and events; then the events of every article
merged. One module per stage, in the order the data flows:

documents    reading a file: encodings, HTML reduced to its text, front matter and wrapper fields
boilerplate  the text cut into blocks: body, photo captions, title, metadata, page furniture
metadata     publication date, outlet, title and URL, each with where it came from
sentences    the body and caption blocks split into sentences
             (time expressions: ``timeline.timex``, anchored on the publication date)
actors       who is named: known actors, their aliases and roles, titled people not in the files
events       sentences with a date and an event word -> events, each with its mentions
article      one article through every stage: the job the local and the Dask engines run
rows         one article's document and events as plain rows (what workers send back, what the cache keeps)
merge        the rows of every article -> one event per happening, its sources counted
records      the typed records passed between the stages
"""

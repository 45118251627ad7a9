"""What the extractor knows about the world: the editable files under ``data/`` (actors, outlets, event-type
words, person titles), loaded and fingerprinted (the fingerprint is part of every article's cache key)."""
from .files import ACTOR_KINDS, PROJECT_DATA, Actor, Knowledge, KnowledgeError, data_dir, load

__all__ = ["ACTOR_KINDS", "PROJECT_DATA", "Actor", "Knowledge", "KnowledgeError", "data_dir", "load"]

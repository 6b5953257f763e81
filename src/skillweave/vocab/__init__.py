"""The occupation vocabulary (ESCO): the interface, its sources and how a source is chosen."""

from skillweave.errors import VocabularyError
from skillweave.vocab.base import Concept, EmptyVocabulary, Resolution, Vocabulary
from skillweave.vocab.sources import open_vocabulary

__all__ = ["Concept", "EmptyVocabulary", "Resolution", "Vocabulary", "VocabularyError", "open_vocabulary"]

"""One exception hierarchy for kb.

Every error a user can cause carries a message that names the file or field
involved and says what to do; callers at the edges (CLI, app) print
``str(error)`` and nothing else. Classes that correspond to a built-in also
inherit it, so callers can catch either.
"""

from __future__ import annotations


class KBError(Exception):
    """Base class of every error kb raises on purpose."""


class ConfigError(KBError, ValueError):
    """A setting or environment variable has an unusable value."""


class SidecarError(KBError, ValueError):
    """A YAML sidecar is unreadable, too large or does not match the schema."""


class DataFileError(KBError, ValueError):
    """A shipped or user-edited data file (thesaurus, gazetteer, profiles) is invalid."""


class ExtractionError(KBError):
    """A document could not be turned into text; the message is the reason shown to users."""


class UnsupportedFormatError(ExtractionError):
    """The file's format is not one kb reads (legacy Office, images, archives...)."""


class EncryptedDocumentError(ExtractionError):
    """The document is encrypted and cannot be opened without a password."""


class ResourceLimitError(ExtractionError):
    """Extraction hit a limit (memory, time, size, archive ratio) and was stopped."""


class CorpusError(KBError):
    """The corpus folder is missing, unreadable, or a write to it failed."""


class DuplicateDocumentError(CorpusError):
    """A file with the same content is already in the corpus."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing


class IndexCorruptError(KBError):
    """The index on disk is missing, truncated or inconsistent; rebuild it from the corpus."""


class IndexBusyError(KBError, TimeoutError):
    """Another process holds the index write lock."""


class SchemaMismatchError(IndexCorruptError):
    """The index was built with another schema version and must be rebuilt."""


class DocumentNotFoundError(KBError, LookupError):
    """No document with that path is in the index."""


class SearchQueryError(KBError, ValueError):
    """A query kb will not run; the message is safe to show to the user."""


class AccessDeniedError(KBError, PermissionError):
    """The action needs an editor login."""

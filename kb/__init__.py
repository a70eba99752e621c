"""kb: a cross-border good-practice knowledge base with multilingual search.

The core package: settings, models, the corpus, analysis, the index and
search. It imports neither ``ingest`` nor Streamlit; those build on it.
"""

from __future__ import annotations

__version__ = "0.1.0"

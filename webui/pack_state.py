"""The training pack a trainer is building, kept in the Streamlit session (shared by all pages)."""

from __future__ import annotations

import streamlit as st

from kb.packs import PackItem, TrainingPack

KEY = "training_pack"


def get_pack() -> TrainingPack:
    pack = st.session_state.get(KEY)
    if not isinstance(pack, TrainingPack):
        pack = TrainingPack()
        st.session_state[KEY] = pack
    return pack


def add_to_pack(kind: str, path: str, ordinal: int | None = None) -> bool:
    """Add a reference; False when it was already in the pack."""
    return get_pack().add(PackItem(kind, path, ordinal))  # type: ignore[arg-type]

"""The pure part of family packets: which documents a shared exhibit needs in the family's store."""

from __future__ import annotations

from packet.core.family import documents_of


def test_documents_of_names_the_exhibits_own_its_merged_pages_and_its_translation_once():
    values = {"document": "a" * 64, "translation": "t" * 64,
              "selection": [{"page": 1}, {"page": 2, "document": "b" * 64}, {"page": 1, "document": "a" * 64},
                            {"page": 3, "document": "b" * 64}]}
    assert documents_of(values) == ["a" * 64, "b" * 64, "t" * 64]
    assert documents_of({"document": "a" * 64, "translation": "", "selection": None}) == ["a" * 64]
    assert documents_of({"title": "only the title changed"}) == []  # a change that names no document

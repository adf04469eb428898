"""Exhibit labels as they appear on tabs and in the index: A..Z, AA.., or 1, 2, 3; and 'Tabs C-F' citations."""

import pytest

from packet.core.labels import LETTERS, NUMBERS, exhibit_label, letter_label, tab_cites


@pytest.mark.parametrize(
    ("n", "label"),
    [
        (1, "A"),
        (2, "B"),
        (26, "Z"),
        (27, "AA"),  # the 27th exhibit
        (28, "AB"),
        (52, "AZ"),
        (53, "BA"),
        (78, "BZ"),
        (79, "CA"),
        (702, "ZZ"),
        (703, "AAA"),  # the 703rd exhibit
        (18278, "ZZZ"),
        (18279, "AAAA"),
    ],
)
def test_letter_labels(n, label):
    assert letter_label(n) == label
    assert exhibit_label(n) == label
    assert exhibit_label(n, LETTERS) == label


def test_letter_labels_are_unique_and_in_order_for_a_big_packet():
    labels = [letter_label(n) for n in range(1, 2001)]
    assert len(set(labels)) == 2000
    # shorter labels first, then alphabetical: the order a reader expects to find tabs in
    assert labels == sorted(labels, key=lambda s: (len(s), s))


@pytest.mark.parametrize(("n", "label"), [(1, "1"), (9, "9"), (27, "27"), (703, "703")])
def test_number_labels(n, label):
    assert exhibit_label(n, NUMBERS) == label


@pytest.mark.parametrize("n", [0, -1, -27])
def test_invalid_exhibit_number_is_refused(n):
    with pytest.raises(ValueError, match="start at 1"):
        letter_label(n)
    with pytest.raises(ValueError, match="start at 1"):
        exhibit_label(n, NUMBERS)


def test_unknown_label_style_is_refused_naming_the_styles():
    with pytest.raises(ValueError) as info:
        exhibit_label(1, "roman")
    assert "roman" in str(info.value)
    assert "letters" in str(info.value) and "numbers" in str(info.value)


@pytest.mark.parametrize(
    ("numbers", "style", "cite"),
    [
        ([1], LETTERS, "Tab A"),
        ([3, 4, 5, 6], LETTERS, "Tabs C-F"),
        ([1, 3, 4], LETTERS, "Tabs A, C-D"),
        ([4, 3, 1], LETTERS, "Tabs A, C-D"),  # order given does not matter
        ([2, 2], LETTERS, "Tab B"),  # the same exhibit twice is one exhibit
        ([1, 2], LETTERS, "Tabs A-B"),
        ([1, 3], LETTERS, "Tabs A, C"),
        ([26, 27, 28], LETTERS, "Tabs Z-AB"),
        ([1, 2, 5, 7, 8, 9], LETTERS, "Tabs A-B, E, G-I"),
        ([3, 4, 5, 6], NUMBERS, "Tabs 3-6"),
        ([1], NUMBERS, "Tab 1"),
        ([], LETTERS, ""),
    ],
)
def test_tab_cites(numbers, style, cite):
    assert tab_cites(numbers, style) == cite

"""A-numbers as typed by people and as printed on the cover page: A-123-456-789."""

import pytest

from packet.core.anumber import ANumberError, format_a_number, is_valid_a_number, normalise_a_number


@pytest.mark.parametrize(
    ("typed", "formatted"),
    [
        ("A123456789", "A-123-456-789"),
        ("123456789", "A-123-456-789"),
        ("A-123-456-789", "A-123-456-789"),
        ("a-123-456-789", "A-123-456-789"),
        ("a123456789", "A-123-456-789"),
        ("A 123 456 789", "A-123-456-789"),
        ("  123 456 789  ", "A-123-456-789"),
        ("A.123.456.789", "A-123-456-789"),
        ("A12345678", "A-012-345-678"),  # 8 digits: a leading zero makes 9
        ("12345678", "A-012-345-678"),
        ("a 12-345-678", "A-012-345-678"),
        ("A-000-000-001", "A-000-000-001"),
    ],
)
def test_accepted_forms_are_formatted_the_court_way(typed, formatted):
    assert format_a_number(typed) == formatted
    assert is_valid_a_number(typed)


def test_normalised_digits_are_nine_long():
    assert normalise_a_number("A12345678") == "012345678"
    assert normalise_a_number("A-987-654-321") == "987654321"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("1234567", "7 digits"),
        ("A-1234567", "7 digits"),
        ("1234567890", "10 digits"),
        ("A 123 456 789 0", "10 digits"),
        ("A12B456789", "only digits"),
        ("B123456789", "only digits"),
        ("AA123456789", "only digits"),
        ("123-456-78O", "only digits"),  # letter O, not zero
        ("000000000", "all zeros"),
        ("A-00-000-000", "all zeros"),
        ("", "empty"),
        ("A", "empty"),
        ("  - ", "empty"),
    ],
)
def test_wrong_numbers_are_refused_saying_why(typed, why):
    with pytest.raises(ANumberError) as info:
        format_a_number(typed)
    message = str(info.value)
    assert why in message
    assert not is_valid_a_number(typed)


def test_wrong_length_message_names_the_number_and_the_rule():
    with pytest.raises(ANumberError) as info:
        normalise_a_number("A-123-45")
    message = str(info.value)
    assert "A-123-45" in message
    assert "8 or 9" in message
    assert "A-123-456-789" in message  # shows the shape it should have


def test_a_number_error_is_a_value_error():
    # callers that catch ValueError (forms, the CLI) catch this too
    with pytest.raises(ValueError):
        normalise_a_number("12")


def test_none_is_treated_as_empty():
    with pytest.raises(ANumberError, match="empty"):
        normalise_a_number(None)


@pytest.mark.parametrize(
    ("typed", "formatted"),
    [
        ("A\u2013123\u2013456\u2013789", "A-123-456-789"),  # en dashes, as pasted from a word processor
        ("A\u2010123\u2011456\u2212789", "A-123-456-789"),  # hyphen, non-breaking hyphen, minus sign
        ("A\u00a0123\u00a0456\u00a0789", "A-123-456-789"),  # non-breaking spaces
        ("A\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19", "A-123-456-789"),  # full-width digits
        ("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "A-123-456-789"),  # Arabic-Indic digits
    ],
)
def test_pasted_and_non_latin_forms_come_out_in_plain_digits(typed, formatted):
    result = format_a_number(typed)
    assert result == formatted
    assert result.isascii()  # the cover page prints plain digits


@pytest.mark.parametrize("typed", ["A12345678\u00b2", "\u00b9\u00b2\u00b3456789", "A-123-456-78\u2468"])
def test_digit_like_symbols_are_refused_not_crashed_on(typed):
    # superscripts and circled numbers count as digits to str.isdigit() but are not digits of a number
    assert is_valid_a_number(typed) is False
    with pytest.raises(ANumberError, match="only digits"):
        format_a_number(typed)

"""Euro amounts and periods in Dutch decision texts (kgbuild.extract.money.amounts)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

from kgbuild.extract.money.amounts import MoneySpan, PeriodSpan, find_amounts, find_periods, parse_amount

D = Decimal
date = datetime.date


def amounts(text: str) -> list[tuple[str, Decimal, Decimal | None]]:
    return [(a.text, a.value, a.min_value) for a in find_amounts(text)]


def periods(text: str) -> list[tuple[str, datetime.date, datetime.date]]:
    return [(p.text, p.first, p.last) for p in find_periods(text)]


# ---------------------------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------------------------

SINGLE_AMOUNTS = [
    ("1,2 miljoen euro", "1200000"),
    ("12,185 miljoen euro", "12185000"),
    ("200.000 euro", "200000"),
    ("795.000  euro", "795000"),
    ("9.597.968,84 euro", "9597968.84"),
    ("74.947,80 euro", "74947.80"),
    ("340.000,00 euro", "340000"),
    ("twee maal 1,72 miljoen euro", "3440000"),
    ("3 x 500.000 euro", "1500000"),
    ("3x500.000 euro", "1500000"),
    ("2 keer 1 miljoen euro", "2000000"),
    ("twee maal een half miljoen euro", "1000000"),
    ("€ 500.000", "500000"),
    ("€500.000", "500000"),
    ("500.000 €", "500000"),
    ("EUR 3 miljard", "3000000000"),
    ("3 miljard EUR", "3000000000"),
    ("1 miljard euro", "1000000000"),
    ("duizend euro", "1000"),
    ("tweeduizend euro", "2000"),
    ("twee miljoen euro", "2000000"),
    ("één miljoen euro", "1000000"),
    ("een half miljoen euro", "500000"),
    ("half miljoen euro", "500000"),
    ("anderhalf miljoen euro", "1500000"),
    ("tien miljoen euro", "10000000"),
    ("honderd euro", "100"),
    ("vijfentwintig miljoen euro", "25000000"),
    ("tweeëntwintig miljoen euro", "22000000"),
    ("honderd miljoen euro", "100000000"),
    ("tweehonderdvijftig miljoen euro", "250000000"),
    ("1,5 mio euro", "1500000"),
    ("1,5 mln euro", "1500000"),
    ("1,5 M euro", "1500000"),
    ("1,5 MEUR", "1500000"),
    ("1,5 M€", "1500000"),
    ("€ 1,5 miljoen", "1500000"),
    ("12 k euro", "12000"),
    ("10 duizend euro", "10000"),
    ("1.5 miljoen euro", "1500000"),
    ("84 miljoen", "84000000"),
    ("1,2 miljard", "1200000000"),
    ("1.000 EUR", "1000"),
    ("EUR 1.000,50", "1000.50"),
    ("5,6 euro", "5.6"),
    ("1500 euro", "1500"),
]


@pytest.mark.parametrize(("text", "value"), SINGLE_AMOUNTS)
def test_single_amount(text: str, value: str) -> None:
    assert amounts(text) == [(text, D(value), None)]
    assert parse_amount(text) == D(value)


@pytest.mark.parametrize(("text", "value"), SINGLE_AMOUNTS)
def test_single_amount_in_a_sentence(text: str, value: str) -> None:
    sentence = f"De Vlaamse Regering kent {text}. Daarnaast iets anders."
    found = list(find_amounts(sentence))
    assert [(a.text, a.value) for a in found] == [(text, D(value))]
    assert sentence[found[0].start : found[0].end] == text


def test_values_are_clean_decimals() -> None:
    (a,) = find_amounts("1,2 miljoen euro")
    assert str(a.value) == "1200000"
    (b,) = find_amounts("9.597.968,84 euro")
    assert str(b.value) == "9597968.84"
    assert not any(isinstance(x, float) for x in (a.value, b.value))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("tussen 1 en 2 miljoen euro", "1000000", "2000000"),
        ("1 à 2 miljoen euro", "1000000", "2000000"),
        ("1 a 2 miljoen euro", "1000000", "2000000"),
        ("1 tot 2 miljoen euro", "1000000", "2000000"),
        ("1-2 miljoen euro", "1000000", "2000000"),
        ("500.000 tot 750.000 euro", "500000", "750000"),
        ("500.000 tot 1 miljoen euro", "500000", "1000000"),
        ("tussen een half miljoen en 1 miljoen euro", "500000", "1000000"),
        ("tussen 1 miljoen euro en 2 miljoen euro", "1000000", "2000000"),
        ("1,2 miljoen - 2 miljoen euro", "1200000", "2000000"),
    ],
)
def test_ranges(text: str, low: str, high: str) -> None:
    assert amounts(text) == [(text, D(high), D(low))]
    assert parse_amount(text) == D(high)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a change from one amount to another is two amounts, not a range
        (
            "verhoogd van 1 miljoen euro tot 2 miljoen euro",
            [("1 miljoen euro", "1000000"), ("2 miljoen euro", "2000000")],
        ),
        # a year before a dash is no lower bound
        ("begroting 2021-5 miljoen euro", [("5 miljoen euro", "5000000")]),
        ("in 2021 1,2 miljoen euro", [("1,2 miljoen euro", "1200000")]),
        ("in 2021 500 euro", [("500 euro", "500")]),
        # a bare number that shares the unit of the next amount is an amount of its own
        ("respectievelijk 7 en 4,8 miljoen euro", [("7", "7000000"), ("4,8 miljoen euro", "4800000")]),
        ("verhoogd van 40 naar 45 euro", [("40", "40"), ("45 euro", "45")]),
        ("respectievelijk 2021 en 3 miljoen euro", [("3 miljoen euro", "3000000")]),
    ],
)
def test_no_range(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.text, a.value, a.min_value) for a in find_amounts(text)] == [(t, D(v), None) for t, v in expected]


@pytest.mark.parametrize(
    "text",
    [
        "84 miljoen blijft gereserveerd voor de subsidiëring.",
        "waarvan 5,15 miljoen uit het VLIF.",
        "een totaalbudget van 10 miljoen ter beschikking",
        "In 2022 werd hiervoor 12,9 miljoen toegewezen uit het Vlaams Klimaatfonds.",
        "waarvan 1 miljoen voor de Demervallei",
        "(1,4 miljoen vanuit het Vlaams Klimaatfonds)",
        "een eerste schijf van 30 miljoen goed in december 2020",
        "kent de Vlaamse Regering 2,7 miljoen strategische ecologiesteun toe",
        "(3,92 miljoen in 2022)",
        "een totaal van 84 miljoen, verdeeld over",
        "Het gaat om 2 miljoen extra middelen.",
    ],
)
def test_bare_miljoen_is_money_in_money_context(text: str) -> None:
    found = list(find_amounts(text))
    assert len(found) == 1
    assert "miljoen" in found[0].text
    assert found[0].text.split()[-1] == "miljoen"


@pytest.mark.parametrize(
    "text",
    [
        "Vlaanderen telt 6,7 miljoen inwoners.",
        "84 miljoen inwoners",
        "1 miljoen mensen",
        "2 miljoen ton CO2",
        "3 miljoen kilometer",
        "1,5 miljoen m² bedrijventerrein",
        "5 miljoen kWh",
        "2 miljoen liter water",
        "1 miljoen vierkante meter",
        "3 miljoen bezoekers",
        "(>3 miljoen passages per jaar)",
        "2,5 miljoen USD",
        "200.000 inwoners",
        "een bedrag van 200.000",
        "in 2021",
        "1,2",
        "twee",
        "bij elke twee euro legt Vlaanderen er één euro bij",
        "50 eurocent",
    ],
)
def test_not_money(text: str) -> None:
    assert list(find_amounts(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "1,2,3 miljoen euro",
        "miljoen euro",
        "12.5.000 euro",
        "1..000 euro",
        ",5 miljoen euro",
        "1.2.3 euro",
        "1,255 euro",
    ],
)
def test_malformed_numbers_give_nothing(text: str) -> None:
    assert list(find_amounts(text)) == []
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "euro",
        "200.000",
        "1,2 miljoen euro en 3 miljoen euro",
        "de 1,2 miljoen euro",
        "84 miljoen inwoners",
        "1 500 euro",
    ],
)
def test_parse_amount_needs_exactly_one_whole_amount(text: str) -> None:
    assert parse_amount(text) is None


def test_parse_amount_ignores_surrounding_space() -> None:
    assert parse_amount("  1,2\u00a0miljoen euro \n") == D("1200000")


def test_messy_whitespace_and_invisible_characters() -> None:
    text = "De Regering kent\u00a01,2\u00a0miljoen\u202feuro toe en 9.597.\u200b968,84 \u200b euro en 795.000  euro."
    found = list(find_amounts(text))
    assert [a.value for a in found] == [D("1200000"), D("9597968.84"), D("795000")]
    for a in found:
        assert text[a.start : a.end] == a.text
    assert found[0].text == "1,2\u00a0miljoen\u202feuro"
    assert found[1].text == "9.597.\u200b968,84 \u200b euro"


def test_space_grouped_thousands_are_not_split() -> None:
    # "1 500 euro" could be 1.500 euro; never report a made-up 500 euro
    assert list(find_amounts("een bedrag van 1 500 euro")) == []


def test_several_amounts_in_order_without_overlap() -> None:
    text = (
        "Het vastleggingskrediet van 122 miljoen euro zal niet volledig besteed worden. De Regering herverdeelt "
        "7,5 miljoen euro en 30,6 miljoen euro. 84 miljoen blijft gereserveerd. Vlaanderen telt 6,7 miljoen inwoners."
    )
    found = list(find_amounts(text))
    assert [a.value for a in found] == [D("122000000"), D("7500000"), D("30600000"), D("84000000")]
    ends = [0]
    for a in found:
        assert a.start >= ends[-1]
        ends.append(a.end)


def test_money_span_is_frozen() -> None:
    (a,) = find_amounts("1 miljoen euro")
    assert isinstance(a, MoneySpan)
    with pytest.raises(AttributeError):
        a.value = D(1)  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "first", "last"),
    [
        ("werkjaar 2024", "werkjaar 2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("voor het begrotingsjaar 2023", "begrotingsjaar 2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("in 2022", "2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("voor 2021", "2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("sinds 1998", "1998", date(1998, 1, 1), date(1998, 12, 31)),
        ("Vlaams Statistisch Programma 2021", "2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021 en 2022", "2021 en 2022", date(2021, 1, 1), date(2022, 12, 31)),
        ("2021, 2022 en 2023", "2021, 2022 en 2023", date(2021, 1, 1), date(2023, 12, 31)),
        ("2021-2022", "2021-2022", date(2021, 1, 1), date(2022, 12, 31)),
        ("2021-2024", "2021-2024", date(2021, 1, 1), date(2024, 12, 31)),
        ("2021 – 2027", "2021 – 2027", date(2021, 1, 1), date(2027, 12, 31)),
        ("2021-22", "2021-22", date(2021, 1, 1), date(2022, 12, 31)),
        ("de periode 2021-2024", "periode 2021-2024", date(2021, 1, 1), date(2024, 12, 31)),
        ("van 2021 tot 2024", "van 2021 tot 2024", date(2021, 1, 1), date(2024, 12, 31)),
        ("van 2021 tot en met 2024", "van 2021 tot en met 2024", date(2021, 1, 1), date(2024, 12, 31)),
        ("tussen 2021 en 2024", "tussen 2021 en 2024", date(2021, 1, 1), date(2024, 12, 31)),
        ("periode januari-juni 2020", "periode januari-juni 2020", date(2020, 1, 1), date(2020, 6, 30)),
        ("januari tot juni 2020", "januari tot juni 2020", date(2020, 1, 1), date(2020, 6, 30)),
        ("januari 2020 tot februari 2021", "januari 2020 tot februari 2021", date(2020, 1, 1), date(2021, 2, 28)),
        ("01/07/2019-31/12/2019", "01/07/2019-31/12/2019", date(2019, 7, 1), date(2019, 12, 31)),
        ("1/7/2019 - 31/12/2019", "1/7/2019 - 31/12/2019", date(2019, 7, 1), date(2019, 12, 31)),
        ("1 juli 2019 tot 31 december 2019", "1 juli 2019 tot 31 december 2019", date(2019, 7, 1), date(2019, 12, 31)),
        (
            "van 1 januari 2021 tot en met 31 december 2022",
            "van 1 januari 2021 tot en met 31 december 2022",
            date(2021, 1, 1),
            date(2022, 12, 31),
        ),
        ("1 september tot 30 juni 2020", "1 september tot 30 juni 2020", date(2019, 9, 1), date(2020, 6, 30)),
        ("schooljaar 2022-2023", "schooljaar 2022-2023", date(2022, 9, 1), date(2023, 8, 31)),
        ("academiejaar 2023-2024", "academiejaar 2023-2024", date(2023, 9, 1), date(2024, 8, 31)),
        ("in mei 2021", "mei 2021", date(2021, 5, 1), date(2021, 5, 31)),
        ("februari 2024", "februari 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("eerste semester 2021", "eerste semester 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("tweede kwartaal 2020", "tweede kwartaal 2020", date(2020, 4, 1), date(2020, 6, 30)),
        ("Q3 2022", "Q3 2022", date(2022, 7, 1), date(2022, 9, 30)),
    ],
)
def test_period(text: str, span: str, first: datetime.date, last: datetime.date) -> None:
    assert periods(text) == [(span, first, last)]


@pytest.mark.parametrize(
    "text",
    [
        "2.021 euro",
        "€ 2021",
        "2021 euro",
        "120215",
        "2021,5",
        "nr. 2021/123",
        "VR 2022/30",
        "VR 2020 2703 DOC.0273/1",
        "31/02/2020",
        "31 februari 2020",
        "in 1985",
        "in 2077",
        "het decreet van 7 mei 2021",
        "op 2021-05-07",
        "2024-2021",
        "schooljaar 2022-2025",
    ],
)
def test_not_a_period(text: str) -> None:
    assert list(find_periods(text)) == []


def test_periods_next_to_amounts() -> None:
    text = "De Regering voorziet in 2021 1,2 miljoen euro en voor de periode 2022-2024 twee maal 2.021 euro."
    assert periods(text) == [
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("periode 2022-2024", date(2022, 1, 1), date(2024, 12, 31)),
    ]
    assert amounts(text) == [("1,2 miljoen euro", D("1200000"), None), ("twee maal 2.021 euro", D("4042"), None)]


def test_separate_years_stay_separate() -> None:
    assert periods("in 2019 en 2022") == [
        ("2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
    ]


def test_period_offsets_in_messy_text() -> None:
    text = "voor\u00a0de periode\u200b 2021\u00a0-\u00a02024 en werkjaar  2025"
    found = list(find_periods(text))
    assert [(p.first, p.last) for p in found] == [
        (date(2021, 1, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ]
    for p in found:
        assert isinstance(p, PeriodSpan)
        assert text[p.start : p.end] == p.text
    assert found[0].text == "periode\u200b 2021\u00a0-\u00a02024"


# ---------------------------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------------------------

_PIECES = [
    *"0123456789", ".", ",", " ", "  ", "\u00a0", "\u200b", "\u202f", "-", "/", "€", "x",
    "miljoen", "miljard", "euro", "EUR", "M", "k", "tot", "à", "tussen", "en", "maal", "twee", "een half",
    "januari", "2021", "werkjaar", "schooljaar", "van", "\n", "(", ")",
]  # fmt: skip


def _check(text: str) -> None:
    for a in find_amounts(text):
        assert a.text == text[a.start : a.end]
        assert a.value > 0
        assert a.min_value is None or 0 < a.min_value < a.value
    last = 0
    for p in find_periods(text):
        assert p.text == text[p.start : p.end]
        assert p.first <= p.last
        assert p.start >= last
        last = p.end
    parse_amount(text)


def test_fuzz_never_raises() -> None:
    rnd = random.Random(20240607)
    for _ in range(2000):
        text = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 25)))
        _check(text)


def test_fuzz_random_unicode_never_raises() -> None:
    rnd = random.Random(7)
    alphabet = "0123456789.,€ \u00a0\u200b\u202f\t\nabcmiljoeurEUR-–/à×x" + "".join(
        chr(i) for i in range(0x2000, 0x2070)
    )
    for _ in range(500):
        _check("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60))))


@pytest.mark.parametrize(
    "text",
    [
        "9" * 5000 + " miljard euro",
        "1" + ".000" * 2000 + " euro",
        "€" * 1000,
        "twee maal " * 500 + "1 euro",
        "2021-" * 1000,
    ],
)
def test_extreme_inputs(text: str) -> None:
    _check(text)

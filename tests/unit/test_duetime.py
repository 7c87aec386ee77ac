from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.duetime import parse_due
from bot.domain.errors import InvalidValue

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 1, 12, 9, 0, tzinfo=PARIS)  # a Monday


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-10 12:00", datetime(2026, 1, 10, 12, 0, tzinfo=PARIS)),
        ("10/01/2026 12h", datetime(2026, 1, 10, 12, 0, tzinfo=PARIS)),
        ("15/01 12h", datetime(2026, 1, 15, 12, 0, tzinfo=PARIS)),
        ("10/01 12h", datetime(2027, 1, 10, 12, 0, tzinfo=PARIS)),
        ("demain 17h", datetime(2026, 1, 13, 17, 0, tzinfo=PARIS)),
        ("Demain à 17h30", datetime(2026, 1, 13, 17, 30, tzinfo=PARIS)),
        ("aujourd'hui 18h", datetime(2026, 1, 12, 18, 0, tzinfo=PARIS)),
        ("17h", datetime(2026, 1, 12, 17, 0, tzinfo=PARIS)),
        ("mercredi 9h", datetime(2026, 1, 14, 9, 0, tzinfo=PARIS)),
        ("lundi", datetime(2026, 1, 19, 18, 0, tzinfo=PARIS)),
        ("dans 2 h", datetime(2026, 1, 12, 11, 0, tzinfo=PARIS)),
        ("dans 30 min", datetime(2026, 1, 12, 9, 30, tzinfo=PARIS)),
        ("ce soir", datetime(2026, 1, 12, 20, 0, tzinfo=PARIS)),
        ("Après-demain 9h", datetime(2026, 1, 14, 9, 0, tzinfo=PARIS)),
        ("aujourd’hui à 18h", datetime(2026, 1, 12, 18, 0, tzinfo=PARIS)),
    ],
)
def test_due_times_are_read_in_french(raw: str, expected: datetime) -> None:
    assert parse_due(raw, NOW) == expected


@pytest.mark.parametrize(
    "raw", ["bientôt", "31/02 12h", "demain 25h", "demain 17h ou 18h", "", "hier 17h", "avant-hier"]
)
def test_unreadable_due_times_are_refused(raw: str) -> None:
    with pytest.raises(InvalidValue):
        parse_due(raw, NOW)

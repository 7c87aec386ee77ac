"""The journal shows values as people read them, as ``faits`` does."""

from bot.bootstrap import Application

CHANNEL = "C1"


def test_the_journal_shows_dates_numbers_and_yes_no_as_faits_does(fake_app: Application) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    fake_app.answer("alice", CHANNEL, "fait incident.connu_le = 12/01/2026 09:15 source: mail")
    fake_app.answer("alice", CHANNEL, "fait revendication.volume = 48 200 source: forum")
    fake_app.answer("alice", CHANNEL, "fait fuite.averee = non source: rssi")
    fake_app.answer("alice", CHANNEL, "fait revendication.date = 2026-01-11 source: forum")
    fake_app.answer("alice", CHANNEL, "verifier fuite.averee preuve: rapport")
    shown = fake_app.answer("alice", CHANNEL, "journal").text
    assert "12 janvier 2026 à 9 h 15 (signalé)" in shown
    assert "48\u202f200 (signalé)" in shown and "48200" not in shown
    assert "11 janvier 2026 (signalé)" in shown and "2026-01-11" not in shown
    assert "non (signalé) → non (vérifié)" in shown
    assert "T09:15" not in shown and "+01:00" not in shown
    listed = fake_app.answer("alice", CHANNEL, "faits").text
    assert "48\u202f200" in listed and "12 janvier 2026 à 9 h 15" in listed


def test_the_journal_in_english_shows_values_the_english_way(fake_app: Application) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    fake_app.answer("alice", CHANNEL, "langue en")
    fake_app.answer("alice", CHANNEL, "fait fuite.averee = oui source: rssi")
    fake_app.answer("alice", CHANNEL, "fait revendication.volume = 48200 source: forum")
    shown = fake_app.answer("alice", CHANNEL, "journal").text
    assert "yes (" in shown and "48200" not in shown


def test_a_filing_date_in_the_journal_is_written_out(fake_app: Application) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    fake_app.answer("alice", CHANNEL, "connaissance 12/01/2026 08:00 motif: courriel")
    fake_app.answer("alice", CHANNEL, "depot cnil le 12/01/2026 ref: 2026-000123")
    shown = fake_app.answer("alice", CHANNEL, "journal").text
    assert "12 janvier 2026, réf. 2026-000123" in shown and "2026-01-12" not in shown

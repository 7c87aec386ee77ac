"""No patient data in chat: valid identifiers are always refused, near-misses accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban

from bot.bootstrap import Application
from bot.domain.errors import SensitiveData
from bot.domain.guard import DEFAULT_PATIENT_ID
from bot.privacy import PatientDataGuard, normalize
from tests.fakes import FakeRepository

MESSAGES = Path(__file__).resolve().parents[2] / "messages"
GUARD = PatientDataGuard.from_messages(MESSAGES, DEFAULT_PATIENT_ID)
SEP = st.sampled_from(["", " ", " ", "."])


@st.composite
def nirs(draw: st.DrawFn) -> str:
    sex = draw(st.sampled_from("12"))
    year = f"{draw(st.integers(0, 99)):02d}"
    month = f"{draw(st.integers(1, 12)):02d}"
    dept = draw(st.sampled_from([f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]))
    commune, order = f"{draw(st.integers(1, 999)):03d}", f"{draw(st.integers(1, 999)):03d}"
    numeric = sex + year + month + dept.replace("2A", "19").replace("2B", "18") + commune + order
    key = f"{97 - int(numeric) % 97:02d}"
    sep = draw(SEP) if draw(st.booleans()) else ""
    return sep.join([sex, year, month, dept, commune, order, key])


def iban_for(country: str, bban: str) -> str:
    check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    return f"{country}{check:02d}{bban}"


@st.composite
def ibans(draw: st.DrawFn) -> str:
    bban = draw(st.text(alphabet="0123456789", min_size=23, max_size=23))
    compact = iban_for("FR", bban)
    if draw(st.booleans()):
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


@st.composite
def phones(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from("1234567"))  # 08: free and shared-cost numbers
    pairs = [f"{draw(st.integers(0, 99)):02d}" for _ in range(4)]
    sep = draw(st.sampled_from(["", " ", ".", "-"]))
    prefix = draw(st.sampled_from(["0", "+33 ", "+33", "0033 "]))
    return prefix + first + sep + sep.join(pairs)


CONTEXT = st.sampled_from(["{}", "Le numéro {} figure dans l'échantillon", "voir {} svp"])


@given(nirs(), CONTEXT)
def test_valid_social_security_numbers_are_always_refused(nir: str, context: str) -> None:
    assert "nir" in GUARD.kinds(context.format(nir))


@given(ibans(), CONTEXT)
def test_valid_ibans_are_always_refused(value: str, context: str) -> None:
    assert iban.is_valid(value)
    assert "iban" in GUARD.kinds(context.format(value))


@given(phones(), CONTEXT)
def test_french_phone_numbers_are_always_refused(phone: str, context: str) -> None:
    assert "phone" in GUARD.kinds(context.format(phone))


@given(nirs())
def test_a_nir_with_a_wrong_key_is_accepted(nir: str) -> None:
    compact = nir.replace(" ", "").replace(".", "")
    wrong = f"{(int(compact[-2:]) % 97) + 1:02d}"
    assert "nir" not in GUARD.kinds(compact[:-2] + wrong)


@pytest.mark.parametrize(
    "text",
    [
        "conférence de presse le 09/01/2026 à 14 h 30",
        "Le 12 janvier 2026 à 14:30, la revendication est apparue",
        "103 082 lignes revendiquées",
        "décret 2022-715 du 28 avril 2022",
        "FR76 3000 6000 0112 3456 7890 188",
        "article L.1111-8-2 du code de la santé publique",
        "revendication.date = 2026-01-11",
        "né en Franche-Comté, le service a ouvert en 1950",
    ],
)
def test_near_misses_are_accepted(text: str) -> None:
    assert GUARD.kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("patient né le 3 mars 1950", "birth_date"),
        ("date de naissance : 03/03/1950", "birth_date"),
        ("écrire à jean.dupont@example.org", "email"),
        ("dossier IPP 004512345", "patient_id"),
    ],
)
def test_each_kind_of_patient_data_is_detected(text: str, kind: str) -> None:
    assert kind in GUARD.kinds(text)


def test_the_patient_id_pattern_comes_from_the_settings() -> None:
    guard = PatientDataGuard(r"\bPAT-\d{5}\b")
    assert guard.kinds("voir PAT-12345") == ["patient_id"]
    assert guard.kinds("voir IPP 004512345") == []


@pytest.mark.parametrize(
    "command",
    [
        "fait echantillon.exemple = 1 85 05 78 006 084 91",
        "fait fuite.averee = oui source: courriel de jean.dupont@example.org",
        "question Rappeler le 06 12 34 56 78 ?",
        "repondre 1 IBAN FR76 3000 6000 0112 3456 7890 189",
        "verifier fuite.averee preuve: patiente née le 3 mars 1950",
        "rejeter 1 mettre le dossier IPP 004512345",
        "fait dpo.contact = 185057800608491",
    ],
)
def test_patient_data_is_refused_before_it_is_stored_and_never_echoed(
    fake_app: Application, fake_store: FakeRepository, command: str
) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    fake_app.answer("alice", "C1", "fait fuite.averee = non")
    fake_app.answer("alice", "C1", "question Qui ?")
    events = len(fake_store.event_rows)
    answer = fake_app.answer("alice", "C1", command)
    assert answer.error and answer.reply.template == "sensitive_data"
    assert "rien n'a été enregistré" in answer.text
    for fragment in ("006 084", "jean.dupont", "34 56", "7890", "1950", "004512345", "0608491"):
        assert fragment not in answer.text
    assert len(fake_store.event_rows) == events


@pytest.mark.parametrize(
    ("value", "example"),
    [
        ("1 85 05 78 006 084 91", "des numéros de sécurité sociale"),
        ("jean.dupont@example.org", "des adresses électroniques"),
        ("06 12 34 56 78", "des numéros de téléphone"),
        ("IPP 004512345", "des identifiants de patients"),
    ],
)
def test_a_refusal_suggests_how_to_say_the_finding_for_its_kind_of_data(
    fake_app: Application, value: str, example: str
) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    answer = fake_app.answer("alice", "C1", f"question L'échantillon montre {value} ?")
    assert answer.error
    assert f"par exemple « l'échantillon contient {example} »" in answer.text


def test_contact_keys_may_hold_an_email_or_a_phone(fake_app: Application) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    assert not fake_app.answer("alice", "C1", "fait dpo.contact = dpo@clinique.example").error
    assert not fake_app.answer("alice", "C1", "fait presse.contact = 03 84 00 00 00").error
    assert fake_app.answer("alice", "C1", "fait dpo.contact = dupont@gmail.com").error
    # a service's address is no one's: accepted in any text; a person's address is not
    assert not fake_app.answer("alice", "C1", "fait autre.contact = dpo@clinique.example").error
    assert fake_app.answer("alice", "C1", "fait autre.note = j.dupont@clinique.example").error
    assert fake_app.answer("alice", "C1", "fait autre.note = presse@gmail.com").error


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("06\u00a011\u202f22\u200933 44", "06 11 22 33 44"),
        ("０６ １１ ２２ ３３ ４４", "06 11 22 33 44"),
        ("jean [at] gmail.com", "jean@gmail.com"),
        ("jean(at)gmail(dot)com", "jean@gmail.com"),
        ("jean arobase gmail point com", "jean@gmail.com"),
        ("1\u201185", "1-85"),
    ],
)
def test_text_is_normalised_once_before_detection(typed: str, read: str) -> None:
    assert normalize(typed) == read


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("patient.1850578006084", "nir"),
        ("1\u00a085\u00a005\u00a078\u00a0006\u00a0084\u00a091", "nir"),
        ("1-85-05-78-006-084-91", "nir"),
        ("1/85/05/78/006/084/91", "nir"),
        ("1_85_05_78_006_084_91", "nir"),
        ("１８５０５７８００６０８４９１", "nir"),
        ("185 057 800 608 491", "nir"),
        ("jean [at] gmail.com", "email"),
        ("jean(at)gmail(dot)com", "email"),
        ("jean @gmail.com", "email"),
        ("jean@ gmail.com", "email"),
        ("jean @ gmail . com", "email"),
        ("+596 696 12 34 56", "phone"),
        ("+262 692 12 34 56", "phone"),
        ("0696 12 34 56", "phone"),
        ("+687 75 12 34", "phone"),
        ("06/11/22/33/44", "phone"),
        ("IPP-123456", "patient_id"),
        ("IPP nº 123456", "patient_id"),
        ("M. Jean Dupont, 03/03/1954", "birth_date"),
        ("Mme Durand née le 4 mai 1960", "birth_date"),
    ],
)
def test_what_the_guard_used_to_miss_is_found(text: str, kind: str) -> None:
    assert kind in GUARD.kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "FINESS 900000365",
        "version 3.10.12 sur 192.168.1.10",
        "M. le directeur réunit la cellule le 09/01/2026",
        "Mme Martin, directrice, a appelé le 12/01/2026",
        "Le 12/01/2026 à 14:30, point de situation",
        "bon de commande 4500123456",
        "les patients nés entre 1940 et 2005",
        "Contactez @eric. Merci",
        "voir avec <@U024BE7LH>. Merci",
        "réunion @ 14h. Salle B",
    ],
)
def test_ordinary_numbers_and_dates_are_not_patient_data(text: str) -> None:
    assert GUARD.kinds(text) == []


def test_a_value_that_becomes_a_nir_once_parsed_is_refused() -> None:
    with pytest.raises(SensitiveData) as refusal:
        GUARD.check_parsed("valeur", "185057800608491")
    assert refusal.value.params == {"field": "valeur", "kind": "nir"}


@pytest.mark.parametrize(
    "value",
    [
        "dpo@ch-belfort.fr",
        "03 84 58 15 15",
        "dpo@ch-belfort.fr ; 03 84 58 15 15",
        "Service communication, 03 84 00 00 00",
        "Tél. : +33 3 84 58 15 15 / courriel : presse@ch-belfort.fr",
    ],
)
def test_a_contact_holds_one_institutional_address_and_or_one_phone(value: str) -> None:
    GUARD.check([("valeur", value)], contact=True)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("dpo@ch.fr ; patient jean.dupont@gmail.com 06 11 22 33 44", "webmail"),
        ("jean.dupont@orange.fr", "webmail"),
        ("m.durand@hotmail.com", "webmail"),
        ("dpo@ch.fr, presse@ch.fr", "shape"),
        ("03 84 58 15 15 ou 06 11 22 33 44", "shape"),
        ("Mme Martin 03 84 00 00 00", "shape"),
        ("voir le site", "shape"),
    ],
)
def test_a_contact_refuses_webmail_and_anything_more(value: str, reason: str) -> None:
    with pytest.raises(SensitiveData) as refusal:
        GUARD.check([("valeur", value)], contact=True)
    assert refusal.value.code == "sensitive_contact"
    assert refusal.value.params == {"field": "valeur", "reason": reason}


@pytest.mark.parametrize(
    "command",
    [
        "fait patient.1850578006084 = oui",
        "verifier patient.185057800608491",
        "fait personnes.nombre = 185 057 800 608 491",
        "question Qui rappelle ? @185057800608491",
        "role @185057800608491 dpo",
        "role @jean.dupont-0611223344 dpo",
    ],
)
def test_keys_parsed_values_owners_and_role_targets_are_guarded(
    fake_app: Application, fake_store: FakeRepository, command: str
) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    events = len(fake_store.event_rows)
    answer = fake_app.answer("alice", "C1", command)
    assert answer.error and answer.reply.template == "sensitive_data", answer.text
    assert "185" not in answer.text and "0611" not in answer.text
    assert len(fake_store.event_rows) == events


def test_a_contact_with_patient_data_is_refused_without_repeating_it(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    events = len(fake_store.event_rows)
    answer = fake_app.answer(
        "alice", "C1", "fait dpo.contact = dpo@ch.fr ; patient jean.dupont@gmail.com 06 11 22 33 44"
    )
    assert answer.error and answer.reply.template == "sensitive_contact"
    assert "messagerie grand public" in answer.text and "rien d'autre" in answer.text
    for fragment in ("jean", "gmail", "dpo@ch.fr", "11 22", "0611"):
        assert fragment not in answer.text
    assert len(fake_store.event_rows) == events


@pytest.mark.parametrize(
    "command",
    [
        "fait revendication.date = 06 11 22 33 44",
        "fait personnes.nombre = jean [at] gmail.com",
        "question Qui ? avant: 185057800608491",
        "role @bob 185057800608491",
        "rediger jean(at)gmail(dot)com",
        "185057800608491",
    ],
)
def test_no_other_refusal_repeats_patient_data(fake_app: Application, command: str) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    answer = fake_app.answer("alice", "C1", command)
    assert answer.error and answer.reply.template == "sensitive_data", answer.text
    for fragment in ("11 22", "jean", "gmail", "185057"):
        assert fragment not in answer.text

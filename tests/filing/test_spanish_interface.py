"""Packet in Spanish on the command line, and the filing still in English.

`packet --lang es check` prints the readiness findings in Spanish (with Spanish plurals); the language also comes
from PACKET_LANG and from the system locale. An export made with the interface in Spanish is the same English
PDF an English interface makes: cover, index, certificate of translation and summary of equities read back in
English, because the receiving offices require English.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .helpers import add, needs_poppler, new_packet, run_cli, set_, text_pdf


@pytest.fixture
def unready(tmp_path):
    """A packet with no respondent, no A-number and no exhibits: three blockers."""
    return new_packet(tmp_path, respondent=None, a_number=None)


def test_check_in_spanish_prints_spanish_findings_and_plurals(unready):
    rc, out, err = run_cli("--lang", "es", "check", unready)
    assert rc == 1, err
    assert "IMPEDIMENTO Portada: Falta el nombre del demandado." in out
    assert "Solución: Escriba el número A que aparece en la Notificación de Comparecencia (NTA)" in out
    assert "IMPEDIMENTO Paquete: El paquete no tiene anexos." in out
    assert "3 impedimentos, 0 advertencias, 0 notas" in out
    assert "BLOCKER" not in out and "Fix:" not in out


def test_the_same_check_in_english(unready):
    rc, out, err = run_cli("check", unready)
    assert rc == 1
    assert "BLOCKER  Cover sheet: The respondent's name is missing." not in out  # severity column is 7 wide now
    assert "BLOCKER Cover sheet: The respondent's name is missing." in out
    assert "3 blockers, 0 warnings, 0 notes" in out


def test_a_singular_in_spanish(tmp_path):
    packet = new_packet(tmp_path)  # a respondent and an A-number: the only blocker is the missing exhibits
    rc, out, err = run_cli("--lang", "es", "check", packet)
    assert "1 impedimento, 0 advertencias, 0 notas" in out, out


def _packet_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "packet", *args], capture_output=True, text=True, timeout=300,
                          env={k: v for k, v in os.environ.items() if k not in ("PACKET_LANG", "LANGUAGE", "LC_ALL",
                                                                               "LC_MESSAGES", "LANG")} | env)


@pytest.mark.parametrize("env", [{"PACKET_LANG": "es"}, {"LANG": "es_MX.UTF-8"}, {"LC_ALL": "es_US.UTF-8"}],
                         ids=["PACKET_LANG", "LANG", "LC_ALL"])
def test_the_language_comes_from_the_environment(unready, env):
    run = _packet_cli("check", str(unready), env=env)
    assert run.returncode == 1, run.stderr
    assert "Falta el nombre del demandado." in run.stdout


def test_lang_option_wins_over_the_environment_and_help_is_spanish(unready):
    run = _packet_cli("--lang", "en", "check", str(unready), env={"PACKET_LANG": "es"})
    assert "The respondent's name is missing." in run.stdout
    run = _packet_cli("--lang", "es", "--help", env={})
    assert run.returncode == 0
    assert "Reúne las pruebas en un solo PDF" in run.stdout and "mostrar esta ayuda y salir" in run.stdout
    assert "importar documentos a un paquete como anexos" in run.stdout  # a verb's help


def test_an_unknown_language_is_refused_in_words(unready):
    rc, out, err = run_cli("--lang", "fr", "check", unready)
    assert rc == 2 and "--lang 'fr' is not a language Packet has; use one of: en, es." in err


# -- the filing stays English --------------------------------------------------------------------------------

SPANISH_WORDS = ("Pestaña", "Anexo", "anexo", "Índice", "ÍNDICE", "Certificado", "CERTIFICADO", "traducción",
                 "Portada", "Resumen", "demandado", "Número A", "página")


def _texts(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                         timeout=120).stdout
    return out.split("\f")


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("spanish-ui")
    packet = new_packet(base)
    add(packet, text_pdf(base / "acta.pdf", ["ACTAPAGEONE"]), title="Birth certificate of Ana Lopez",
        language="Spanish", factor="family_ties")
    add(packet, text_pdf(base / "acta-en.pdf", ["BIRTHENGLISHONE"]), translation_of="A")
    add(packet, text_pdf(base / "lease.pdf", ["LEASEPAGEONE"]), title="Lease for the family home", factor="residence")
    set_(packet, "translator_name=Maria Traductora", "translator_address=5 Elm St, Queens, NY",
         "translator_phone=718-555-0100", "summary=yes")
    pdfs = {}
    for lang in ("en", "es"):
        out = base / lang / "Lopez.pdf"
        out.parent.mkdir()
        rc, stdout, err = run_cli("--lang", lang, "build", packet, "-o", out, "--quiet")
        assert rc == 0, err
        pdfs[lang] = out
    return pdfs


@needs_poppler
def test_an_export_with_the_interface_in_spanish_is_english(both_builds):
    es = _texts(both_builds["es"])
    whole = "\n".join(es)
    assert "INDEX OF EXHIBITS" in whole
    assert "CERTIFICATE OF TRANSLATION" in whole
    assert "SUMMARY OF EQUITIES" in whole
    assert "Family ties to U.S. citizens or residents" in whole and "Length of residence" in whole  # factor names
    assert "Tab A" in whole and "Birth certificate of Ana Lopez" in whole
    assert "Spanish" in whole  # the certificate names the original's language in English
    found = [w for w in SPANISH_WORDS if w in whole]
    assert not found, found


@needs_poppler
def test_the_spanish_interface_changes_not_one_word_of_the_filing(both_builds):
    assert _texts(both_builds["es"]) == _texts(both_builds["en"])


def test_the_build_messages_are_spanish(tmp_path):
    packet = new_packet(tmp_path)
    add(packet, text_pdf(tmp_path / "lease.pdf", ["LEASEPAGEONE"]), title="Lease")
    out = tmp_path / "Lopez.pdf"
    rc, stdout, err = run_cli("--lang", "es", "build", packet, "-o", out, "--quiet")
    assert rc == 0, err
    assert f"Se escribió {out} (" in stdout and "páginas" in stdout


# -- issue 11 in Spanish: separate filings, family packets, and the OPLA letter and email still English ----------

@pytest.fixture
def opla_request(tmp_path, monkeypatch):
    """An OPLA request (the opla-email profile: a DHS letter as the first page, and the email's text)."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    rc, out, err = run_cli("new", tmp_path / "PD", "--template", "opla-pd-request", "--set", "respondent=José Lopez",
                           "--set", "a_number=012345678", "--set", "court=New York Field Location",
                           "--set", "hearing_date=2027-03-02", "--set", "hearing_time=13:30",
                           "--set", "requested=Agree to dismiss the proceedings without prejudice",
                           "--set", "filer_name=María Ruiz", "--set", "filer_email=maria@example.org")
    assert rc == 0, err
    packet = tmp_path / "PD.packet"
    add(packet, text_pdf(tmp_path / "letter.pdf", ["REQUESTLETTER"]), lead=True, title="Request")
    add(packet, text_pdf(tmp_path / "birth.pdf", ["BIRTHCERT"]), title="Birth certificate", factor="family_ties")
    return packet


@needs_poppler
def test_an_opla_request_built_in_spanish_has_the_same_english_letter_and_email(opla_request, tmp_path):
    built = {}
    for lang in ("en", "es"):
        out = tmp_path / lang / "PD request.pdf"
        out.parent.mkdir()
        rc, stdout, err = run_cli("--lang", lang, "build", opla_request, "-o", out, "--force", "--quiet")
        assert rc == 0, err
        built[lang] = (out, stdout)
    (es_pdf, es_said), (en_pdf, en_said) = built["es"], built["en"]
    mail = es_pdf.with_name("PD request.email.txt")
    assert f"Se escribió {mail} (el asunto y el texto del correo electrónico" in es_said and "Wrote" not in es_said
    assert f"Wrote {en_pdf.with_name('PD request.email.txt')} (the email's subject" in en_said
    text = mail.read_text(encoding="utf-8")
    assert text.startswith("Subject: Request for prosecutorial discretion: José Lopez - A-012-345-678")
    assert "Next hearing March 2, 2027, 1:30 p.m." in text and "Attached, as PDF files" in text
    assert text == en_pdf.with_name("PD request.email.txt").read_text(encoding="utf-8")
    letter = _texts(es_pdf)[0]
    assert "Re:" in letter and "José Lopez" in letter and "To:" in letter  # the DHS letter, in English
    assert _texts(es_pdf) == _texts(en_pdf)
    found = [w for w in (*SPANISH_WORDS, "Solicitud", "Para:", "audiencia") if w in "\n".join(_texts(es_pdf))]
    assert not found, found


def test_separate_and_family_speak_spanish(tmp_path):
    packet = new_packet(tmp_path, name="José", respondent="José Núñez Ibáñez")
    add(packet, text_pdf(tmp_path / "lease.pdf", ["LEASEPAGEONE"]), title="Lease", factor="residence")
    add(packet, text_pdf(tmp_path / "order.pdf", ["ORDERPAGEONE"]), title="Proposed order")
    rc, out, err = run_cli("--lang", "es", "separate", packet)
    assert rc == 0, err
    assert "Nada se presenta por separado: todos los documentos van en el PDF del paquete." in out
    rc, out, err = run_cli("--lang", "es", "separate", packet, "B")
    assert rc == 0, err
    assert "Pestaña B Proposed order: se presenta por separado como OUT_Proposed-order.pdf (usted lo eligió)" in out
    rc, out, err = run_cli("--lang", "es", "family", packet)
    assert rc == 0, err
    assert "José.packet no forma parte de una familia. Cree un paquete para un familiar con" in out
    rc, out, err = run_cli("--lang", "es", "family", packet, "--new", tmp_path / "Ana", "--respondent", "Ana Núñez",
                           "--share", "A")
    assert rc == 0, err
    assert "para Ana Núñez; comparte 1 documento con José.packet: Lease" in out  # the singular
    assert "Familia: 'Familia Núñez Ibáñez'; documentos compartidos en" in out  # the family's name in Spanish
    assert "Ana Núñez, 1 documento compartido" in out and "Anexos compartidos en José.packet:" in out
    rc, out, err = run_cli("--lang", "es", "list", packet)
    assert "(compartido con la familia)" in out and "(se presenta por separado, en su propio PDF)" in out
    rc, out, err = run_cli("--lang", "es", "family", "--help")
    assert "crear un paquete para otro familiar, junto a PACKET" in out

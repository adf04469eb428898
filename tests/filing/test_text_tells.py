"""What the text tells, through the command line: a Spanish birth certificate without its translation is a blocker
for a court profile (a warning elsewhere) and not once the translation is attached; suggestions for a generated
pay stub, birth certificate and lease name the right kind, date and factor, and are taken only when asked."""

from __future__ import annotations

import json

from packet.store.folder import open_packet
from tests.core.test_suggest import ACTA, LEASE, PAY_STUB

from .helpers import check_json, codes


def _text_pdf(path, lines):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from packet.core.resources import resource

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(resource("fonts", "DejaVuSerif.ttf"))))
    c = Canvas(str(path), invariant=1)
    c.setFont("DejaVuSerif", 10)
    y = 740
    for line in lines:
        c.drawString(60, y, line)
        y -= 16
    c.showPage()
    c.save()
    return path


def _packet(tmp_path, cli):
    path = tmp_path / "Lopez"
    cli("new", path, "--set", "respondent=José Núñez", "--set", "a_number=012345678")
    cli("set", path, "translator_name=María Ruiz", "translator_address=12 Elm St, Queens, NY",
        "translator_phone=718-555-0100")
    return path


def test_a_spanish_birth_certificate_without_translation_blocks_a_court_filing(tmp_path, cli):
    path = _packet(tmp_path, cli)
    rc, out, err = cli("add", path, _text_pdf(tmp_path / "acta.pdf", ACTA))
    assert rc == 0, (out, err)
    _, report = check_json(path, "--profile", "eoir-ecas")
    [finding] = codes(report)["looks-untranslated"]
    assert finding["severity"] == "blocker"
    assert finding["problem"].startswith("Tab A looks like Spanish and has no English translation.")
    assert "8 CFR 1003.33" in finding["problem"]
    assert "--translation-of A --language Spanish" in finding["fix"]
    rc, out, err = cli("build", path, "-o", tmp_path / "out.pdf", "--profile", "eoir-ecas")
    assert rc == 1 and "looks like Spanish" in err  # a blocker stops the build
    _, elsewhere = check_json(path, "--profile", "opla-email")
    assert [f["severity"] for f in codes(elsewhere)["looks-untranslated"]] == ["warning"]
    translation = _text_pdf(tmp_path / "acta-en.pdf", ["BIRTH CERTIFICATE (translation)",
                                                     "In the city of Oaxaca, on the second day of April 2014, the "
                                                     "mother appeared before the officer of the Civil Registry."])
    rc, out, err = cli("add", path, translation, "--translation-of", "A", "--language", "Spanish")
    assert rc == 0, (out, err)
    _, report = check_json(path, "--profile", "eoir-ecas")
    assert "looks-untranslated" not in codes(report) and "translation-missing" not in codes(report)


def test_a_document_said_to_be_english_is_believed(tmp_path, cli):
    path = _packet(tmp_path, cli)
    cli("add", path, _text_pdf(tmp_path / "acta.pdf", ACTA), "--language", "English")
    _, report = check_json(path, "--profile", "eoir-ecas")
    assert "looks-untranslated" not in codes(report)
    assert open_packet(path).packet.exhibits[0].language == "English"


def test_suggestions_name_the_kind_date_and_factor_and_are_taken_only_when_asked(tmp_path, cli):
    path = _packet(tmp_path, cli)
    files = [_text_pdf(tmp_path / "scan0001.pdf", PAY_STUB), _text_pdf(tmp_path / "scan0002.pdf", ACTA),
             _text_pdf(tmp_path / "scan0003.pdf", LEASE)]
    rc, out, err = cli("add", path, *files, "--suggest", "--json")
    assert rc == 0, (out, err)
    got = {r["path"].rsplit("/", 1)[-1]: r["suggestion"] for r in json.loads(out)}
    stub, acta, lease = got["scan0001.pdf"], got["scan0002.pdf"], got["scan0003.pdf"]
    assert stub["kind"].startswith("Pay stub") and stub["suggested"] == {
        "title": "Pay stub, March 2024", "date": "2024-03-01 to 2024-03-15", "factor": "employment",
        "language": None}
    assert acta["suggested"]["date"] == "2014-03-15" and acta["suggested"]["factor"] in ("family_ties", "identity")
    assert acta["suggested"]["language"] == "Spanish" and "Birth certificate" in acta["kind"]
    assert lease["suggested"]["date"] == "2014-06-01 to 2015-05-31" and lease["suggested"]["factor"] == "residence"
    p = open_packet(path).packet
    assert all(not e.date and not e.factors and not e.language for e in p.exhibits)  # shown, not applied
    assert "Pay stub, March 2024" not in [e.title for e in p.exhibits]
    rc, out, err = cli("suggest", path, "A", "C", "--accept")
    assert rc == 0, (out, err)
    p = open_packet(path).packet
    stub_e = next(e for e in p.exhibits if e.title == "Pay stub, March 2024")
    assert stub_e.date == "2024-03-01 to 2024-03-15" and stub_e.factors == ["employment"]
    lease_e = next(e for e in p.exhibits if e.date == "2014-06-01 to 2015-05-31")
    assert lease_e.factors == ["residence"]
    acta_e = next(e for e in p.exhibits if e.document not in (stub_e.document, lease_e.document))
    assert not acta_e.date and not acta_e.language  # not asked for
    rc, out, err = cli("suggest", path, "--accept", "--only", "language")
    p = open_packet(path).packet
    acta_e = p.find(acta_e.id)
    assert acta_e.language == "Spanish" and not acta_e.date


def test_a_dismissed_suggestion_stays_dismissed_until_it_changes(tmp_path, cli):
    path = _packet(tmp_path, cli)
    cli("add", path, _text_pdf(tmp_path / "scan0001.pdf", PAY_STUB), _text_pdf(tmp_path / "scan0003.pdf", LEASE))
    rc, out, err = cli("suggest", path, "A", "--dismiss")
    assert rc == 0 and "Dismissed 1 suggestion" in err, (out, err)
    stub = open_packet(path).packet.exhibits[0]
    assert stub.dismissed_suggestion.startswith("Pay stub, March 2024") and not stub.factors
    rc, out, err = cli("suggest", path)
    assert "Tab A: dismissed (title 'Pay stub, March 2024'" in out and "Tab B: looks like a Lease" in out, out
    rows = {r["tab"]: r for r in json.loads(cli("suggest", path, "--json")[1])}
    assert rows["A"]["dismissed"] and not rows["B"]["dismissed"]
    cli("suggest", path, "--accept")  # all exhibits: the dismissed one is left alone
    p = open_packet(path).packet
    assert p.exhibits[0].title == "Scan0001" and not p.exhibits[0].factors
    assert p.exhibits[1].factors == ["residence"]
    cli("suggest", path, "A", "--accept")  # named: taken anyway
    assert open_packet(path).packet.exhibits[0].factors == ["employment"]
    rc, out, err = cli("suggest", path, "A", "--accept", "--dismiss")
    assert rc == 2 and "--dismiss" in err


def test_suggest_on_a_scan_says_to_recognise_its_text_first(tmp_path, cli):
    from tests.store.scanned import scan_image, scan_pdf

    path = _packet(tmp_path, cli)
    cli("add", path, scan_pdf(tmp_path / "scan.pdf", [scan_image(ACTA[:3], size_in=(8.5, 2.0))], 200))
    rc, out, err = cli("suggest", path)
    assert rc == 0 and "no text yet" in out and "packet ocr PACKET A" in out


def test_what_the_text_tells_in_spanish(tmp_path, cli):
    """Issue 14b's messages in Spanish: the untranslated-document finding (the language's name translated, the
    command's --language kept in English), a suggestion naming the kind of document and the fields, and the new
    verbs' help; the suggested title stays English (it goes into the filing's index)."""
    path = _packet(tmp_path, cli)
    rc, out, err = cli("add", path, _text_pdf(tmp_path / "acta.pdf", ACTA))
    assert rc == 0, (out, err)
    rc, out, err = cli("--lang", "es", "check", path, "--profile", "eoir-ecas")
    assert rc == 1
    assert "La pestaña A parece estar en español y no tiene traducción al inglés." in out
    assert "--translation-of A --language Spanish" in out and "Adjunte su traducción certificada al inglés" in out
    rc, out, err = cli("--lang", "es", "suggest", path)
    assert rc == 0, err
    assert "Pestaña A: parece ser de tipo «Acta de nacimiento»" in out, out
    assert "título 'Birth certificate" in out  # the field's name in Spanish, the title itself in English
    assert "Tómelas con: packet suggest PACKET" in err
    rc, out, err = cli("--lang", "es", "ocr", "--help")
    assert "solo estos anexos (C, L1...; por defecto: todos)" in out
    rc, out, err = cli("--lang", "es", "build", "--help")
    assert "antes, reconocer el texto de las páginas escaneadas" in out and "compresión de imágenes" in out

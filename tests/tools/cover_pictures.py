"""`make screenshots` (second half): the first page of a packet built from each built-in template, as PNGs in
docs/screenshots/covers/, so the README shows the cover each office gets (court caption, Board caption, DHS letter).

Each packet is filled as a paralegal would fill it for that office (accented names, the filer's block, the office,
the hearing or the stay), built with the command line and rendered with pdftoppm (poppler-utils).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from packet.cli import main as packet_cli  # noqa: E402

FILER = ["filer_name=María Ruiz, Esq.", "filer_address=Queens Immigrant Legal Services\\n12 Elm Street, Suite 4\\n"
         "Queens, NY 11373", "filer_phone=(718) 555-0100", "filer_email=mruiz@example.org", "eoir_id=AB123456"]
JOSE = ["respondent=José Núñez Ibáñez", "a_number=012345678"]
ANA = ["respondent=Ana Núñez Ibáñez", "a_number=987654321"]
HEARING = ["hearing_date=2027-03-02", "hearing_time=09:30", "hearing_type=master", "judge=Jane Roe"]
# template -> the fields its office needs (the rest of each cover comes from the template)
CASES: dict[str, list[str]] = {
    "opla-pd-request": [*JOSE, *ANA, "court=New York Field Location", *HEARING,
                        "requested=Dismissal of proceedings without prejudice"],
    "eoir-admin-closure": [*JOSE, *ANA, "court=New York, NY", *HEARING],
    "eoir-dismiss": [*JOSE, *ANA, "court=New York, NY", *HEARING],
    "eoir-joint-dismiss": [*JOSE, *ANA, "court=New York, NY", *HEARING],
    "eoir-terminate": [*JOSE, "court=New York, NY", *HEARING],
    "eoir-stay-motion": [*JOSE, "court=New York, NY", "judge=Jane Roe"],
    "bia-stay-motion": [*JOSE, *ANA, "court=New York, NY", "detained=yes"],
    "ice-stay-of-removal": [*JOSE, "court=New York Field Office", "stay_until=2027-12-31",
                            "passport_expiry=2029-01-15", "requested=A stay of removal until the date given"],
    "deferred-action": [*JOSE, "court=New York Field Office", "posture=not-in-proceedings",
                        "requested=Deferred action for two years"],
    "blank": [*JOSE, "court=New York, NY", *HEARING],
}


def cli(*argv: object) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = packet_cli([str(a) for a in argv])
    if rc != 0:
        raise SystemExit(f"packet {' '.join(map(str, argv))} failed:\n{out.getvalue()}")


def letter(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "The request (the filer's letter or motion)")
    c.showPage()
    c.save()
    return path


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed to draw the covers", file=sys.stderr)
        return 1
    out = ROOT / "docs" / "screenshots" / "covers"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="packet-covers-"))
    os.environ["PACKET_DATA_DIR"] = str(tmp / "userdata")
    request = letter(tmp / "request.pdf")
    try:
        for template, fields in CASES.items():
            folder = tmp / template
            sets = [x for f in [*FILER, *fields] for x in ("--set", f)]
            cli("new", folder, "--template", template, *sets)
            packet = folder.with_name(f"{template}.packet")
            cli("add", packet, request, "--lead", "--title", "The request")
            pdf = tmp / f"{template}.pdf"
            cli("build", packet, "-o", pdf, "--force", "--quiet")
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(out / template)], check=True)
            print(out / f"{template}.png")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

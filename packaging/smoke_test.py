"""Run the frozen program as a user would, and fail loudly if it is not fit to ship: `make package` runs
`python packaging/smoke_test.py out/package/dist/Packet` with the source tree's Python.

1. no GPL library in the bundle (gpl_check.py), LICENSE and THIRD-PARTY-LICENSES beside the program;
2. `packet --version`;
3. `packet add` of 8 corpus files into a new packet: the parallel intake path, whose worker processes re-enter the
   frozen entry point (freeze_support), HEIC included;
4. a headless `packet build` of the sample packet whose text (pdftotext) equals the source tree's build;
4b. the frozen `packet ocr` on a small scan with the bundled tesserocr and tessdata, then `pdftotext` of its
   export finds the recognised words, accents included;
5. the window, offscreen, on the sample for 5 s, then quit: exit 0, no traceback;
6. a second start hands the sample to the running window and exits; Ctrl+C closes that window with exit 0;
7. the log file has the actions and none of the sample's names, A-number or file names.
With `--install TARBALL`: unpack the Linux tarball, run its install.sh into a temporary home, run the installed
`packet`, check the menu entry and file type, uninstall, and print the folder and archive sizes.

Everything runs in a temporary home (settings, data and log folders), never the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from gpl_check import problems  # noqa: E402
from third_party_licenses import normalise, runtime_distributions  # noqa: E402

CORPUS = Path(os.environ.get("PACKET_TEST_CORPUS") or ROOT.parent / "shared" / "corpus")
# Eight files of different kinds: text and scanned PDFs, HEIC, EXIF-rotated and CMYK JPEG, fax TIFF, WebP, PDF/A.
CORPUS_FILES = ("minimal-document.pdf", "congress.pdf", "pug.heic", "Landscape_6.jpg", "baiona_cmyk.jpg",
                "g4-multi.tiff", "hopper.webp", "crazyones-pdfa.pdf")
TIMEOUT = 600  # a guard against a hang on a slow machine, never a measure


class SmokeFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def environment(home: Path) -> dict[str, str]:
    """A clean environment: a temporary home, offscreen Qt, nothing pointing back into the source tree."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "XDG_", "PYTHON", "PACKET_")) and k not in ("VIRTUAL_ENV",)}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_STATE_HOME=str(home / ".local/state"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_RUNTIME_DIR=str(home / "run"), QT_QPA_PLATFORM="offscreen", PACKET_LOG_DIR=str(home / "logs"))
    if os.name == "nt":  # platformdirs' folders on Windows
        env.update(APPDATA=str(home / "AppData" / "Roaming"), LOCALAPPDATA=str(home / "AppData" / "Local"))
    for sub in (".config", ".local/share", ".local/state", ".cache", "run", "logs", "AppData/Roaming",
                "AppData/Local"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "run").chmod(0o700)
    return env


def run(cmd: list[str], env: dict[str, str], cwd: Path, expect: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    shown = " ".join(str(c) for c in cmd)
    check(done.returncode == expect,
          f"{shown}: exit {done.returncode}, expected {expect}\n{done.stdout}\n{done.stderr}")
    check("Traceback" not in done.stderr, f"{shown}: traceback\n{done.stderr}")
    return done


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=TIMEOUT).stdout


def check_bundle(bundle: Path) -> None:
    found = problems(bundle)
    check(not found, "GPL components in the bundle:\n  " + "\n  ".join(found))
    check((bundle / "LICENSE").is_file(), "LICENSE is missing beside the program")
    licences = bundle / "THIRD-PARTY-LICENSES"
    check(licences.is_file(), "THIRD-PARTY-LICENSES is missing beside the program")
    text = licences.read_text(encoding="utf-8")
    for dist in runtime_distributions():
        if normalise(dist.metadata["Name"]) != "packet":
            check(f"{dist.metadata['Name']} {dist.version}: " in text,
                  f"THIRD-PARTY-LICENSES lacks {dist.metadata['Name']}")
    infos = {p.name.lower().replace("_", "-") for p in bundle.rglob("*.dist-info")}
    for dist in runtime_distributions():  # the About box shows each library's version from its metadata
        name = f"{dist.metadata['Name']}-{dist.version}.dist-info".lower().replace("_", "-")
        check(normalise(dist.metadata["Name"]) == "packet" or name in infos, f"{name} is not in the bundle")
    print(f"ok  bundle: no GPL libraries; LICENSE and THIRD-PARTY-LICENSES ({len(text) // 1000} kB) beside the "
          "program; every library's metadata")


def check_version(exe: Path, env: dict[str, str], work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from packet import __version__

    done = run([str(exe), "--version"], env, work)
    check(done.stdout.strip() == f"packet {__version__}", f"--version said {done.stdout!r}")
    print(f"ok  --version: {done.stdout.strip()}")


def check_spanish(exe: Path, env: dict[str, str], work: Path) -> None:
    """The catalogue is bundled and read without Babel: `--lang es --help` is Spanish, argparse's words too, and
    Qt's own Spanish words (qtbase_es.qm) are in the bundle."""
    done = run([str(exe), "--lang", "es", "--help"], env, work)
    check("Reúne las pruebas en un solo PDF" in done.stdout and done.stdout.startswith("uso: "),
          f"--lang es --help is not Spanish: {done.stdout[:200]!r}")
    bundle = exe.parent
    check(any(bundle.rglob("qtbase_es.qm")), "qtbase_es.qm is not in the bundle")
    print("ok  --lang es --help: Spanish; qtbase_es.qm bundled")


def check_parallel_add(exe: Path, env: dict[str, str], work: Path) -> None:
    if (CORPUS / "MANIFEST.tsv").is_file():
        files, kind = [str(CORPUS / name) for name in CORPUS_FILES], "corpus files"
    else:  # a hosted CI without ../shared: the sample's eight documents (PDFs and a phone photo) instead
        folder = work / "sample-documents"
        run([sys.executable, "-c", "import sys; from pathlib import Path; from packet.sample import draw_documents; "
             "draw_documents(Path(sys.argv[1]))", str(folder)], {**env, "PYTHONPATH": str(ROOT)}, work)
        files, kind = sorted(str(p) for p in folder.iterdir()), f"sample documents (no corpus at {CORPUS})"
    run([str(exe), "new", "Smoke", "--set", "respondent=Smoke Test", "--set", "a_number=012345678"], env, work)
    done = run([str(exe), "add", "Smoke", *files], env, work)
    added = [line for line in done.stdout.splitlines() if line.startswith("ADDED")]
    check(len(added) == 8, f"expected 8 ADDED lines:\n{done.stdout}\n{done.stderr}")
    listed = json.loads(run([str(exe), "list", "Smoke", "--json"], env, work).stdout)
    formats = sorted(item["format"] for item in listed["items"])
    check(len(formats) == 8 and ("HEIF" in formats or kind != "corpus files"), f"packet list shows {formats}")
    log = "\n".join(p.read_text(encoding="utf-8") for p in (work.parent / "home" / "logs").glob("*.log"))
    match = re.search(r"intake: 8 file\(s\) in (\d+) process", log)
    if (os.cpu_count() or 1) > 1:
        check(bool(match) and int(match.group(1)) > 1, f"intake did not run in parallel; the log says:\n{log}")
    print(f"ok  add: 8 {kind} ({', '.join(formats)}) in {match.group(1) if match else '?'} worker processes")


def check_build_matches_source(exe: Path, env: dict[str, str], work: Path) -> None:
    source_env = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"}
    run([sys.executable, "-m", "packet.sample", str(work / "sample.packet")], {**source_env, "PYTHONPATH": str(ROOT)},
        work)
    run([str(exe), "build", "sample.packet", "-o", "frozen.pdf", "--quiet"], env, work)
    run([sys.executable, "-m", "packet", "build", "sample.packet", "-o", "source.pdf", "--quiet"],
        {**source_env, "PYTHONPATH": str(ROOT)}, work)
    frozen, source = pdf_text(work / "frozen.pdf"), pdf_text(work / "source.pdf")
    check("EXHIBIT" in frozen and len(frozen) > 1000, "the frozen build's PDF has no text")
    check(frozen == source, "the frozen build's PDF text differs from the source tree's")
    print(f"ok  build: the sample's PDF text ({len(frozen)} characters) equals the source tree's")


def check_ocr(exe: Path, env: dict[str, str], work: Path) -> None:
    """The frozen `packet ocr` reads a small scan with the bundled engine (tesserocr and the tessdata in
    resources/, not a tesseract program on the PATH), and the exported PDF carries the words."""
    scan = work / "acta-scan.jpg"
    run([sys.executable, "-c", "import sys; from tests.store.scanned import scan_image, jpeg_bytes; "
         "open(sys.argv[1], 'wb').write(jpeg_bytes(scan_image(dpi=200, size_in=(8.5, 3.0)).convert('RGB'), 200))",
         str(scan)], {**env, "PYTHONPATH": str(ROOT)}, work)
    ocr_env = {**env, "PACKET_OCR_ENGINE": "tesserocr", "PACKET_OCR_WORKERS": "1"}
    run([str(exe), "new", "Ocr", "--set", "respondent=Smoke Test", "--set", "a_number=012345678"], ocr_env, work)
    run([str(exe), "add", "Ocr", str(scan)], ocr_env, work)
    done = run([str(exe), "ocr", "Ocr"], ocr_env, work)
    check("Recognised the text of 1 of 1 page" in done.stdout + done.stderr,
          f"packet ocr did not read the page:\n{done.stdout}\n{done.stderr}")
    run([str(exe), "build", "Ocr", "-o", "ocr.pdf", "--quiet", "--force"], ocr_env, work)
    text = pdf_text(work / "ocr.pdf")
    check("Oaxaca" in text and "Núñez" in text, f"pdftotext did not find the recognised words:\n{text[-600:]}")
    print("ok  ocr: the frozen packet ocr read a scan with the bundled tesserocr; pdftotext finds its words")


def check_receiver_and_family(exe: Path, env: dict[str, str], work: Path) -> None:
    """Issue 11 in the frozen app: an OPLA request gets the DHS letter and its email text; a family member's
    packet shares an exhibit and exports on its own."""
    sets = ["--set", "respondent=José Núñez Ibáñez", "--set", "a_number=012345678", "--set",
            "court=New York Field Location"]
    run([str(exe), "new", "Opla", "--template", "opla-pd-request", *sets], env, work)
    letter = work / "sample.packet" / "documents"
    first = sorted(letter.glob("*.pdf"))[0]
    run([str(exe), "add", "Opla", str(first), "--title", "Letter of support", "--factor", "community"], env, work)
    run([str(exe), "build", "Opla", "-o", "opla.pdf", "--force", "--quiet"], env, work)
    cover = pdf_text(work / "opla.pdf").split("\f")[0]
    check("OFFICE OF THE PRINCIPAL LEGAL ADVISOR" in cover and "In the Matter of" not in cover,
          f"the OPLA request's first page is not the DHS letter:\n{cover}")
    email = (work / "opla.email.txt").read_text(encoding="utf-8")
    check(email.startswith("Subject: ") and "A-012-345-678" in email, f"opla.email.txt:\n{email}")
    run([str(exe), "family", "Opla", "--new", "Ana", "--respondent", "Ana Núñez Ibáñez", "--share", "all"], env, work)
    run([str(exe), "build", "Ana", "-o", "ana.pdf", "--force", "--quiet"], env, work)
    check("Letter of support" in pdf_text(work / "ana.pdf"), "the family member's PDF lacks the shared exhibit")
    print("ok  receivers: the OPLA letter and its email text; a family member's packet shares and exports")


def check_window(exe: Path, env: dict[str, str], work: Path) -> None:
    done = run([str(exe), "sample.packet", "--quit-after=5000"], env, work)
    noise = [line for line in done.stderr.splitlines() if line.strip()
             and "propagateSizeHints" not in line]  # the offscreen plugin says this of every window
    check(not noise, "the window printed:\n" + "\n".join(noise))
    log = (Path(env["PACKET_LOG_DIR"]) / "packet.log").read_text(encoding="utf-8")
    check("app: start" in log and "app: exit 0" in log, f"the log does not show the window's start and exit:\n{log}")
    if sys.platform.startswith("linux"):  # QSettings is a file here (the registry on Windows, a plist on macOS)
        settings = Path(env["XDG_CONFIG_HOME"]) / "Packet" / "Packet.conf"
        check(settings.is_file() and "sample.packet" in settings.read_text(encoding="utf-8"),
              "the window did not open the sample (no recent-packets entry)")
    print("ok  window: opened the sample offscreen for 5 s, closed with exit 0")


def check_hand_off_and_ctrl_c(exe: Path, env: dict[str, str], work: Path) -> None:
    """A second start hands the sample to the running window and exits; Ctrl+C then closes that window with 0."""
    if os.name != "posix":
        print("--  hand-off and Ctrl+C: not checked here (POSIX signals)")
        return
    log = Path(env["PACKET_LOG_DIR"]) / "packet.log"
    starts = log.read_text(encoding="utf-8").count("app: start") if log.is_file() else 0
    first = subprocess.Popen([str(exe)], env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_log(log, "app: start", starts + 1, first)
        run([str(exe), "sample.packet"], env, work)
        wait_for_log(log, "app: received 1 path(s)", 1, first)
        first.send_signal(signal.SIGINT)
        _, err = first.communicate(timeout=TIMEOUT)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    check(first.returncode == 0 and "Traceback" not in err, f"Ctrl+C: exit {first.returncode}\n{err}")
    check(log.read_text(encoding="utf-8").count("app: start") == starts + 1, "the second start opened a window")
    print("ok  single instance: a second start handed the sample to the running window; Ctrl+C closed it, exit 0")


def wait_for_log(log: Path, text: str, count: int, proc: subprocess.Popen) -> None:
    """Until the log says `text` `count` times (the program got there), or the program ended, or the guard ran out."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        if log.is_file() and log.read_text(encoding="utf-8").count(text) >= count:
            return
        time.sleep(0.05)
    raise SmokeFailure(f"the log never said {text!r} (program exit {proc.poll()})")


def check_log_is_private(work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from packet.sample import case as sample

    logs = list((work.parent / "home" / "logs").glob("*.log"))
    check(bool(logs), "no log file was written")
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs)
    for secret in (sample.RESPONDENT, "Núñez", sample.DAUGHTER, sample.A_NUMBER, "012345678", "012-345-678",
                   "Smoke Test", "sample.packet", "minimal-document"):
        check(secret not in text, f"the log contains {secret!r}")
    check("build: exit 0" in text and "add: exit 0" in text, f"the log lacks the actions:\n{text}")
    print(f"ok  log: {sum(len(p.read_text(encoding='utf-8').splitlines()) for p in logs)} lines, no names, "
          "A-numbers or file names")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def check_install(tarball: Path) -> None:
    top = Path(tempfile.mkdtemp(prefix="packet-install-"))
    try:
        subprocess.run(["tar", "-xzf", str(tarball), "-C", str(top)], check=True, timeout=TIMEOUT)
        [unpacked] = [p for p in top.iterdir() if p.is_dir()]
        home = top / "home"
        env = environment(home)
        env.pop("XDG_DATA_HOME")
        run(["sh", str(unpacked / "install.sh")], env, top)
        share = home / ".local" / "share"
        installed = home / ".local" / "bin" / "packet"
        done = run([str(installed), "--version"], env, top)
        check(done.stdout.startswith("packet "), f"the installed packet said {done.stdout!r}")
        desktop = share / "applications" / "org.packet.Packet.desktop"
        exec_line = next(line for line in desktop.read_text(encoding="utf-8").splitlines() if line.startswith("Exec="))
        check(str(home / ".local" / "opt" / "packet" / "packet") in exec_line, f"menu entry runs {exec_line}")
        if shutil.which("desktop-file-validate"):
            run(["desktop-file-validate", str(desktop)], env, top)
        for size in (16, 48, 256):
            check((share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "org.packet.Packet.png").is_file(),
                  f"no {size} px icon installed")
        if shutil.which("update-mime-database"):
            globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
            check("application/x-packet-archive:*.packet.zip" in globs, "the archive type is not registered")
        unpacked_size = folder_size(unpacked / "Packet")
        run(["sh", str(unpacked / "install.sh"), "--uninstall"], env, top)
        check(not installed.exists() and not desktop.exists() and not (home / ".local/opt/packet").exists(),
              "uninstall left files behind")
        print("ok  install.sh: installed into a home, ran, uninstalled cleanly")
        print(f"sizes: folder {unpacked_size / 1e6:.1f} MB, archive {tarball.stat().st_size / 1e6:.1f} MB "
              f"({tarball.name})")
    finally:
        shutil.rmtree(top, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, nargs="?", help="the frozen app's folder (out/package/dist/Packet)")
    parser.add_argument("--install", type=Path, metavar="TARBALL", help="check the Linux tarball's install.sh")
    args = parser.parse_args(argv)
    if args.install:
        try:
            check_install(args.install.resolve())
        except (SmokeFailure, subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
            print(f"install check FAILED: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.bundle is None:
        parser.error("give the bundle folder, or --install TARBALL")
    exe = args.bundle.resolve() / ("packet.exe" if sys.platform == "win32" else "packet")
    if not exe.is_file():
        print(f"smoke test: {exe}: no such program; run make package first", file=sys.stderr)
        return 2
    top = Path(tempfile.mkdtemp(prefix="packet-smoke-"))
    try:
        env = environment(top / "home")
        work = top / "work"
        work.mkdir()
        check_bundle(args.bundle.resolve())
        check_version(exe, env, work)
        check_spanish(exe, env, work)
        check_parallel_add(exe, env, work)
        check_build_matches_source(exe, env, work)
        check_ocr(exe, env, work)
        check_receiver_and_family(exe, env, work)
        check_window(exe, env, work)
        check_hand_off_and_ctrl_c(exe, env, work)
        check_log_is_private(work)
    except (SmokeFailure, subprocess.TimeoutExpired) as exc:
        print(f"smoke test FAILED: {exc}", file=sys.stderr)
        print(f"(its files are kept in {top})", file=sys.stderr)
        return 1
    shutil.rmtree(top, ignore_errors=True)
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

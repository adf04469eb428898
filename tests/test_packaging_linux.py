"""Linux desktop integration: the desktop entry and AppStream metadata validate, the icon exists at every size
the desktop file needs and matches its SVG, and the packet archive type is registered so a double-click opens it."""

from __future__ import annotations

import re
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image, ImageChops, ImageStat

from packet import __version__

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LINUX = PROJECT_ROOT / "packaging" / "linux"
ICONS = PROJECT_ROOT / "resources" / "icons"
APP_ID = "org.packet.Packet"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
# What appstreamcli may say about a valid file, and why each is accepted.
APPSTREAM_ACCEPTED = {
    "cid-contains-uppercase-letter": "pedantic: the id matches the desktop file, the icon and Flathub's naming",
    "unknown-tag": "AppStream < 1.0 does not know <developer>, which Flathub requires (appstreamcli 1.0 does)",
}
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed (make test installs it on Debian)")
    return path


def desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def metainfo() -> ElementTree.Element:
    return ElementTree.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()


def test_desktop_file_validates():
    done = subprocess.run([tool("desktop-file-validate"), str(LINUX / f"{APP_ID}.desktop")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_appstream_validates_pedantically():
    done = subprocess.run([tool("appstreamcli"), "validate", "--pedantic", "--no-net", "--no-color",
                           str(LINUX / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    issues = re.findall(r"^[EWIP]: \S+ (\S+)", done.stdout, re.M)
    unexpected = [i for i in issues if i not in APPSTREAM_ACCEPTED]
    assert not unexpected, done.stdout
    if "unknown-tag" in issues:
        assert re.search(r"unknown-tag developer$", done.stdout, re.M), done.stdout


def test_desktop_file_names_the_app_icon_and_archive_type():
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "packet" and entry["Exec"].split()[1] in ("%F", "%U")
    assert "application/x-packet-archive" in entry["MimeType"].split(";")
    root = metainfo()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.findtext("provides/mediatype") == "application/x-packet-archive"


def test_metainfo_is_complete_for_flathub():
    root = metainfo()
    developer = root.find("developer")
    assert developer is not None and developer.get("id") and developer.findtext("name")
    assert root.find("url[@type='homepage']").text.startswith("https://")
    shots = root.findall("screenshots/screenshot")
    assert len(shots) >= 3 and shots[0].get("type") == "default"
    for shot in shots:
        image = shot.find("image")
        local = PROJECT_ROOT / "docs" / "screenshots" / image.text.rsplit("/", 1)[1]
        assert local.is_file(), f"{image.text} has no counterpart in docs/screenshots"
        with Image.open(local) as im:  # the sizes the metadata states are the pictures' real sizes
            assert im.size == (int(image.get("width")), int(image.get("height"))), local.name
        assert shot.findtext("caption")
    [latest, *_] = root.findall("releases/release")
    assert latest.get("version") == __version__
    assert latest.find("description/p") is not None or latest.find("description/ul") is not None
    assert root.findtext("project_license") == "Apache-2.0"


def test_archive_mime_type_is_registered_for_packet_zip(tmp_path):
    xml = ElementTree.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    [kind] = xml.findall(f"{MIME_NS}mime-type")
    assert kind.get("type") == "application/x-packet-archive"
    assert kind.find(f"{MIME_NS}glob").get("pattern") == "*.packet.zip"
    assert kind.find(f"{MIME_NS}sub-class-of").get("type") == "application/zip"
    # the database that file managers read: built from our XML, it maps the glob to our type
    (tmp_path / "packages").mkdir()
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", tmp_path / "packages")
    done = subprocess.run([tool("update-mime-database"), str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^\d+:application/x-packet-archive:\*\.packet\.zip$",
                     (tmp_path / "globs2").read_text(), re.M)


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_sizes(size):
    with Image.open(ICONS / f"{APP_ID}-{size}.png") as im:
        assert im.size == (size, size) and im.mode == "RGBA"
        alpha = im.getchannel("A")
        assert alpha.getpixel((0, size - 1)) == 0  # transparent around the pile, not a square
        assert alpha.getextrema() == (0, 255)


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_pngs_are_renders_of_the_svgs(size, tmp_path):
    """The committed PNGs are what `make icons` draws from the SVGs (16 and 32 px from the pixel-grid one)."""
    source = ICONS / (f"{APP_ID}-small.svg" if size <= 32 else f"{APP_ID}.svg")
    ElementTree.parse(source)  # well-formed
    out = tmp_path / "icon.png"
    done = subprocess.run([tool("rsvg-convert"), "-w", str(size), "-h", str(size), str(source), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with Image.open(out) as fresh, Image.open(ICONS / f"{APP_ID}-{size}.png") as committed:
        diff = ImageStat.Stat(ImageChops.difference(fresh.convert("RGBA"), committed.convert("RGBA")))
        assert max(diff.mean) < 2.0, f"{size} px icon differs from its SVG: run make icons"


def test_tarball_install_script_installs_into_the_home_and_uninstalls(tmp_path):
    """make_tarball.sh + install.sh on a stand-in program: the command, menu entry, icons, AppStream file and
    archive type land under ~/.local, the menu entry runs the installed program, and --uninstall removes it all."""
    dist = tmp_path / "dist" / "Packet"
    dist.mkdir(parents=True)
    (dist / "packet").write_text("#!/bin/sh\necho packet stand-in \"$@\"\n")
    (dist / "packet").chmod(0o755)
    done = subprocess.run(["sh", str(LINUX / "make_tarball.sh"), str(dist), str(tmp_path), "9.9"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    tarball = Path(done.stdout.strip())
    assert tarball.name.startswith("Packet-9.9-linux-") and tarball.suffixes[-2:] == [".tar", ".gz"]
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    subprocess.run(["tar", "-xzf", str(tarball), "-C", str(unpacked)], check=True, timeout=120)
    [top] = unpacked.iterdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["sh", str(top / "install.sh")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Add " in done.stdout and ".local/bin to your PATH" in done.stdout  # ~/.local/bin is not on this PATH
    local = home / ".local"
    ran = subprocess.run([str(local / "bin" / "packet"), "--version"], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "packet stand-in --version"
    desktop = local / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{local}/opt/packet/packet" %F' in desktop.read_text(encoding="utf-8")
    for size in ICON_SIZES:
        assert (local / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (local / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (local / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    if shutil.which("update-mime-database"):
        assert "application/x-packet-archive:*.packet.zip" in (local / "share" / "mime" / "globs2").read_text()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stdout
    # installing again replaces the program in place
    assert subprocess.run(["sh", str(top / "install.sh")], env=env, capture_output=True, timeout=120).returncode == 0
    done = subprocess.run(["sh", str(top / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    left = [p for p in local.rglob("*") if (p.is_file() or p.is_symlink()) and (APP_ID in p.name or p.name == "packet")]
    assert not left, left
    assert not (local / "opt" / "packet").exists()

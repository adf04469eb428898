#!/bin/sh
# Pack the one-folder build with its installer: make_tarball.sh DIST_FOLDER OUT_FOLDER VERSION
# Writes OUT_FOLDER/Packet-VERSION-linux-ARCH.tar.gz holding Packet/ (the program), install.sh and share/
# (desktop entry, AppStream metadata, archive file type, icons). Prints the archive's path.
set -eu
dist=$1 out=$2 version=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
name="Packet-$version-linux-$(uname -m)"
stage="$out/$name"
rm -rf "$stage" "$stage.tar.gz"
mkdir -p "$stage/share/icons"
cp -a "$dist" "$stage/Packet"
cp "$root/packaging/linux/install.sh" "$stage/"
chmod 755 "$stage/install.sh"
cp "$root/packaging/linux/org.packet.Packet.desktop" "$root/packaging/linux/org.packet.Packet.metainfo.xml" \
   "$root/packaging/linux/org.packet.Packet.mime.xml" "$stage/share/"
cp "$root/resources/icons/org.packet.Packet.svg" "$root"/resources/icons/org.packet.Packet-[0-9]*.png "$stage/share/icons/"
tar -C "$out" -czf "$stage.tar.gz" "$name"
rm -rf "$stage"
echo "$stage.tar.gz"

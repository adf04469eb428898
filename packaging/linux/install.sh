#!/bin/sh
# Install Packet for this user, from the unpacked tarball: ./install.sh   (remove it again: ./install.sh --uninstall)
#
# Puts the program in ~/.local/opt/packet, the `packet` command in ~/.local/bin, and the menu entry, icon,
# AppStream metadata and the packet-archive file type (*.packet.zip opens in Packet) under ~/.local/share.
# Needs no root and changes nothing outside your home. PREFIX=DIR ./install.sh installs under DIR instead.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-"$HOME/.local"}
app_dir="$prefix/opt/packet"
bin_dir="$prefix/bin"
share="${XDG_DATA_HOME:-"$prefix/share"}"
[ -n "${PREFIX:-}" ] && share="$prefix/share"
id=org.packet.Packet

refresh() {
    # The desktop's caches, when their tools are installed; without them the menu updates at next login.
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$share/mime" >/dev/null 2>&1 || true; fi
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$share/applications" >/dev/null 2>&1 || true; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$share/icons/hicolor" >/dev/null 2>&1 || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app_dir"
    [ -L "$bin_dir/packet" ] && rm -f "$bin_dir/packet"
    rm -f "$share/applications/$id.desktop" "$share/metainfo/$id.metainfo.xml" "$share/mime/packages/$id.mime.xml"
    rm -f "$share/icons/hicolor/scalable/apps/$id.svg"
    for size in 16 32 48 64 128 256 512; do rm -f "$share/icons/hicolor/${size}x${size}/apps/$id.png"; done
    refresh
    echo "Packet is uninstalled. Your packets, templates and settings are left as they are."
    exit 0
fi

if [ ! -x "$here/Packet/packet" ]; then
    echo "install.sh: $here/Packet/packet is missing; run this script from the unpacked Packet tarball." >&2
    exit 1
fi

mkdir -p "$prefix/opt" "$bin_dir" "$share/applications" "$share/metainfo" "$share/mime/packages" \
         "$share/icons/hicolor/scalable/apps"
# Copy to a temporary name and swap it in, so a failed copy never leaves a half-installed program.
rm -rf "$app_dir.new"
cp -R "$here/Packet" "$app_dir.new"
rm -rf "$app_dir"
mv "$app_dir.new" "$app_dir"
ln -sf "$app_dir/packet" "$bin_dir/packet"

# The menu entry runs the installed program by its full path (~/.local/bin may not be on the menu's PATH).
sed "s|^Exec=packet |Exec=\"$app_dir/packet\" |" "$here/share/$id.desktop" > "$share/applications/$id.desktop"
cp "$here/share/$id.metainfo.xml" "$share/metainfo/"
cp "$here/share/$id.mime.xml" "$share/mime/packages/"
cp "$here/share/icons/$id.svg" "$share/icons/hicolor/scalable/apps/$id.svg"
for size in 16 32 48 64 128 256 512; do
    mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
    cp "$here/share/icons/$id-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$id.png"
done
refresh

echo "Packet is installed in $app_dir."
echo "Start it from your applications menu, or run: packet"
case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "(Add $bin_dir to your PATH to run 'packet' from a terminal.)" ;;
esac

#!/bin/sh
# Sign, notarise and pack Packet.app into a DMG (macOS only; not run here). See packaging/README.md.
# Needs: the frozen app in out/package/dist/Packet.app, a "Developer ID Application" certificate in the keychain,
# and a notarytool profile (xcrun notarytool store-credentials packet-notary ...).
#   SIGN_ID="Developer ID Application: NAME (TEAMID)" packaging/macos/build_dmg.sh 0.1.0
set -eu
version=$1
app=out/package/dist/Packet.app
dmg=out/package/Packet-$version-macos.dmg
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${SIGN_ID:-}" ]; then
    # Hardened runtime (required for notarisation); every library inside is signed, innermost first.
    find "$app/Contents" -type f \( -name "*.dylib" -o -name "*.so" \) -exec \
        codesign --force --timestamp --options runtime --sign "$SIGN_ID" {} \;
    codesign --force --timestamp --options runtime --entitlements "$here/entitlements.plist" --sign "$SIGN_ID" "$app"
    codesign --verify --deep --strict "$app"
fi
rm -f "$dmg"
hdiutil create -volname Packet -srcfolder "$app" -ov -format UDZO "$dmg"
if [ -n "${SIGN_ID:-}" ]; then
    codesign --force --timestamp --sign "$SIGN_ID" "$dmg"
    xcrun notarytool submit "$dmg" --keychain-profile "${NOTARY_PROFILE:-packet-notary}" --wait
    xcrun stapler staple "$dmg"
fi
echo "$dmg"

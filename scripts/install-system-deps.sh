#!/usr/bin/env bash
# Debian packages the tests use: poppler (pdftotext/pdftoppm), zbar (QR decoding), Chromium
# (end-to-end tests), 7-Zip (opens encrypted archive ZIPs as an archivist would) and Noto CJK (so Chromium draws Chinese, and PDFs fall back for rare characters).
# Idempotent: installs only what is missing; a machine without apt is left alone.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v zbarimg   >/dev/null 2>&1 || need+=(zbar-tools)
command -v chromium  >/dev/null 2>&1 || need+=(chromium)
command -v 7z        >/dev/null 2>&1 || need+=(p7zip-full)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: no apt-get here; missing: ${need[*]} (tests that need them will say they skipped)" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"

#!/usr/bin/env bash
# System packages OpenITA's reports and its web tests need (Debian):
#   libreoffice-writer-nogui  DOCX -> PDF with a correct Thai text layer (soffice --headless,
#                             docs/adr/0002-pdf-via-libreoffice.md)
#   poppler-utils             pdftotext / pdftoppm / pdffonts, used by the report tests
#   fontconfig                fc-cache, so soffice finds the bundled Sarabun fonts
#   postgresql                the server .ci/run starts to run the whole suite a second time on
#                             PostgreSQL (docs/adr/0004-sqlite-and-postgresql.md)
#   chromium                  Debian's browser, driven by Playwright in tests/browser (no
#                             downloaded browser build: /usr/bin/chromium)
#   gettext                   msgfmt for `openita manage compilemessages` (Thai/English UI)
# Idempotent: does nothing when every package is installed; otherwise runs `apt-get update`
# once and installs only the missing ones. Needs root (CI and developer machines run as root).
set -euo pipefail

packages=(libreoffice-writer-nogui poppler-utils fontconfig postgresql chromium gettext)
missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "system-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system-deps: done" >&2

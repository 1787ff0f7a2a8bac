#!/usr/bin/env bash
# System packages OpenITA needs (Debian), by purpose:
#
#   scripts/system-deps.sh run    what running the app needs (`make run`):
#     libreoffice-writer-nogui  DOCX -> PDF with a correct Thai text layer (soffice --headless,
#                               docs/adr/0002-pdf-via-libreoffice.md)
#     fontconfig                fc-cache, so soffice finds the bundled Sarabun fonts
#     libjemalloc2              the allocator soffice runs with: ~25 % less CPU per conversion
#                               (reports/pdf.py soffice_allocator; optional, glibc's otherwise)
#     gettext                   msgfmt for `openita manage compilemessages` (Thai/English UI)
#
#   scripts/system-deps.sh test   (the default) the above, plus what only the tests need
#                                 (`make test`, .ci/run):
#     poppler-utils             pdftotext / pdftoppm / pdffonts, used by the report tests
#     postgresql                the server .ci/run starts to run the whole suite a second time on
#                               PostgreSQL (docs/adr/0004-sqlite-and-postgresql.md)
#     chromium                  Debian's browser, driven by Playwright in tests/browser (no
#                               downloaded browser build: /usr/bin/chromium)
#     npm                       `npm ci` installs axe-core (package.json, package-lock.json),
#                               which tests/browser inject into every page (accessibility)
#
# Idempotent: does nothing when every package is installed; otherwise runs `apt-get update`
# once and installs only the missing ones. Needs root (CI and developer machines run as root).
# `OPENITA_SYSTEM_DEPS_DRY_RUN=1` prints the packages of a purpose instead (tests use it).
set -euo pipefail

purpose=${1:-test}
run_packages=(libreoffice-writer-nogui fontconfig libjemalloc2 gettext)
test_packages=(poppler-utils postgresql chromium npm)
case "$purpose" in
    run) packages=("${run_packages[@]}") ;;
    test) packages=("${run_packages[@]}" "${test_packages[@]}") ;;
    *)
        echo "usage: scripts/system-deps.sh [run|test]" >&2
        exit 2
        ;;
esac

if [ "${OPENITA_SYSTEM_DEPS_DRY_RUN:-}" = "1" ]; then
    echo "${packages[*]}"
    exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
    # Node from another source (e.g. NodeSource's nodejs) brings its own npm: keep it.
    if [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1; then
        continue
    fi
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

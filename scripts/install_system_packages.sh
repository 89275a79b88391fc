#!/bin/sh
# Installs the Debian packages the product needs, only when something is missing.
# Tesseract with Korean data and fonts for the local OCR engine and the sample generator, poppler for PDFs,
# Chromium and its driver for the browser tests, gettext for the translation catalogue check.
set -e
missing=""
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"
tesseract --list-langs 2>/dev/null | grep -qx kor || missing="$missing tesseract-ocr-kor"
[ -d /usr/share/fonts/truetype/nanum ] || missing="$missing fonts-nanum"
[ -f /usr/share/fonts/truetype/ocr-a/OCRA.ttf ] || missing="$missing fonts-ocr-a"  # OCR-A card digits (samples)
# the samples' held-out faces (make_samples --faces held-out): look-alikes of Dotum, Batang and Gulim
[ -f /usr/share/fonts/truetype/unfonts-core/UnDotum.ttf ] || missing="$missing fonts-unfonts-core"
[ -f /usr/share/fonts/truetype/baekmuk/gulim.ttf ] || missing="$missing fonts-baekmuk"
# the cards' held-out digits: DejaVu Sans Condensed, Liberation Sans Narrow and Liberation Mono
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf ] || missing="$missing fonts-dejavu-extra"
[ -f /usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf ] \
  && [ -f /usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf ] || missing="$missing fonts-liberation"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
command -v xgettext >/dev/null 2>&1 || missing="$missing gettext"  # the translations test checks the catalogue
[ -z "$missing" ] && exit 0
echo "Installing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null

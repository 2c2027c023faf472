#!/usr/bin/env bash
# Remakes the README's pictures: the HTML report of the sample in headless Chromium
# (docs/report.png) and the annotated copy of fixtures/annotate/planted.xlsx as LibreOffice
# lays it out (docs/annotated.png: the 检查结果 sheet above the marked table). Needs what
# .ci/run installs (Chromium, LibreOffice Calc, poppler-utils) and ImageMagick.
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/jxlint check fixtures/xicun.txt --format html -o "$work/report.html" || true
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
node tests/browser/report.mjs "$work/report.html" cycle-annual "" docs/report.png > /dev/null
target/release/jxlint check fixtures/annotate/planted.xlsx --annotate "$work/annotated.xlsx" \
    > /dev/null 2>&1 || true
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
    --convert-to 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}' \
    --outdir "$work" "$work/annotated.xlsx" > /dev/null
pdftoppm -r 80 -png -f 1 -l 2 "$work/annotated.pdf" "$work/page"
convert "$work"/page-1.png "$work"/page-2.png -background white -gravity northwest -append \
    -trim +repage -bordercolor white -border 12 docs/annotated.png
echo "wrote docs/report.png docs/annotated.png"

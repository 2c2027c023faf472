#!/usr/bin/env bash
# Writes fixtures/sheets/planted.xls (Excel 97–2003) from fixtures/sheets/planted.tsv with
# LibreOffice, which the Rust writers cannot produce. Needs `soffice` (Debian package
# libreoffice-calc-nogui); the .xls is committed, so tests do not need it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fixtures/sheets/planted.tsv "$work/"
# CSV filter options: tab-separated (9), quote " (34), UTF-8 (76), from line 1.
soffice --headless --infilter="CSV:9,34,76,1" --convert-to xls --outdir "$work" "$work/planted.tsv" > /dev/null
cp "$work/planted.xls" fixtures/sheets/planted.xls
echo "wrote fixtures/sheets/planted.xls"

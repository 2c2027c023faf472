#!/usr/bin/env bash
# Builds the VS Code extension (editors/vscode) into editors/vscode/jxlint.vsix with vsce, from
# the npm registry by package-lock.json. Needs Node.js and npm.
#
#   scripts/vscode.sh
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
npx vsce package --out jxlint.vsix > /dev/null
echo "built editors/vscode/jxlint.vsix"

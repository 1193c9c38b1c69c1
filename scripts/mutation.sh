#!/usr/bin/env bash
# make mutation: mutation testing of the rule modules with mutmut (too slow for every CI run; see docs/testing.md).
#   make mutation                      every module in pyproject.toml [tool.mutmut] only_mutate, the whole suite
#   make mutation MODULE=gongkai/workdays/calendar.py TESTS="tests/test_calendar.py tests/disclosures/test_boundaries.py"
#                                      one module against the tests named (much faster: the tests run per mutant)
# It works in a copy under var/mutation/ (the work tree is left alone), then prints a table per module (killed,
# survived, no tests, timeout) and the diff of each survivor.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=var/mutation
rm -rf "$work" && mkdir -p "$work"
env -u DATABASE_URL .venv/bin/gongkai collectstatic --no-input -v 0
cp -r gongkai tests manage.py pyproject.toml "$work"/
[ -f .env ] && cp .env "$work"/
mkdir -p "$work/var" && cp -r var/static "$work/var/"
ln -s "$root/.venv" "$work/.venv"
if [ -n "${MODULE:-}" ] || [ -n "${TESTS:-}" ]; then
  .venv/bin/python - "$work/pyproject.toml" "${MODULE:-}" "${TESTS:-}" <<'PY'
import json, re, sys
path, module, tests = sys.argv[1], sys.argv[2], sys.argv[3].split()
text = open(path).read()
if module:
    text = re.sub(r"only_mutate = \[.*?\]", "only_mutate = " + json.dumps([module]), text, flags=re.S)
if tests:
    text = text.replace("[tool.mutmut]", "[tool.mutmut]\npytest_add_cli_args_test_selection = " + json.dumps(tests), 1)
open(path, "w").write(text)
PY
fi
cd "$work"
env -u DATABASE_URL .venv/bin/mutmut run --max-children "${MUTATION_CHILDREN:-2}" > mutation-run.log 2>&1 || true
.venv/bin/python "$root/scripts/mutation_report.py"

#!/usr/bin/env bash
# Build the wheel and sdist, install the wheel into a fresh virtual environment (runtime only,
# no development packages) and, when available, with `uv tool install`; then use the installed
# `afterview` from outside the source tree: advise, draft, check, import + agenda, doctor, the
# man page, and serve answering one request. CI runs it after the tests (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
PY="${PYTHON:-python3}"
step() { printf '\n== %s\n' "$*"; }

step "build the wheel and the sdist"
"$PY" -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check build uv
"$work/build/bin/python" -m build --outdir "$work/dist" "$root" >/dev/null
ls -l "$work/dist"
wheel="$(ls "$work"/dist/afterview-*.whl)"
ls "$work"/dist/afterview-*.tar.gz >/dev/null

step "install the wheel into a fresh environment (runtime only)"
start=$(date +%s)
"$PY" -m venv "$work/app"
"$work/app/bin/pip" install --quiet --disable-pip-version-check "$wheel"
echo "installed in $(( $(date +%s) - start )) s; $(du -sm "$work/app" | cut -f1) MB; $("$work/app/bin/pip" list 2>/dev/null | tail -n +3 | wc -l) packages"
for dev in pytest hypothesis playwright psycopg mypy ruff schemathesis aiosmtpd; do
  if "$work/app/bin/pip" show "$dev" >/dev/null 2>&1; then
    echo "FAIL: the runtime install brought the development package $dev" >&2; exit 1
  fi
done
av="$work/app/bin/afterview"
test -f "$work/app/share/man/man1/afterview.1" || { echo "FAIL: no man page installed" >&2; exit 1; }

cd "$work"  # not the source tree: the installed package must carry everything it needs
cp "$root/examples/panel-interview.toml" panel.toml
unset DATABASE_URL  # CI runs this beside a test PostgreSQL; the runtime install uses SQLite
export AFTERVIEW_CONFIG="$work/config.toml" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"

step "advise, draft, check"
"$av" --version
"$av" advise panel.toml > advice.txt
head -3 advice.txt
"$av" advise panel.toml --json | "$work/app/bin/python" -c 'import json,sys; assert json.load(sys.stdin)["verdict"]'
"$av" draft panel.toml > drafts.txt
test -s drafts.txt
printf 'To: Dr. Priya Nair <priya.nair@northwind.example>\nSubject: Thank you\n\nDear Dr. Niar,\n\nThank you for the conversation about the role.\n\nBest,\nAlex\n' > draft.txt
set +e; "$av" check draft.txt --situation panel.toml --kind thank_you > check.txt; rc=$?; set -e
test "$rc" = 1 || { echo "FAIL: check of a misspelt name exited $rc" >&2; cat check.txt; exit 1; }
grep -q "Nair" check.txt

step "import and agenda (SQLite in the platform's data folder)"
"$av" import panel.toml
"$av" list
"$av" agenda --days 400 --jsonl > agenda.jsonl
head -2 agenda.jsonl
"$av" doctor || true   # mail servers are not set up here; the other checks print
"$av" doctor --json | "$work/app/bin/python" -c 'import json,sys; s={c["check"]:c["state"] for c in json.load(sys.stdin)}; assert s["database"]=="ok" and s["Python"]=="ok", s'

step "serve answers a request"
port=$("$work/app/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$av" serve --port "$port" >serve.log 2>&1 &
server=$!
for _ in $(seq 100); do
  if "$work/app/bin/python" -c "import urllib.request,sys; r=urllib.request.urlopen('http://127.0.0.1:$port/', timeout=2); sys.exit(0 if r.status==200 and b'afterview' in r.read() else 1)" 2>/dev/null; then
    echo "GET / -> 200"; ok=1; break
  fi
  sleep 0.2
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""
test "${ok:-}" = 1 || { echo "FAIL: serve did not answer" >&2; cat serve.log; exit 1; }

step "uv tool install"
export UV_TOOL_DIR="$work/uv-tools" UV_TOOL_BIN_DIR="$work/uv-bin" UV_CACHE_DIR="$work/uv-cache"
"$work/build/bin/uv" tool install --quiet "$wheel"
"$work/uv-bin/afterview" advise panel.toml --json >/dev/null
"$work/uv-bin/afterview" --version
echo
echo "smoke test passed"

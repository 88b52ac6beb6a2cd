#!/usr/bin/env bash
# The frozen bundle's smoke test (CI runs it after `make bundle`): the bundle's own
# executables, not the venv's, on a throwaway home —
#   files                  what the frozen code reads from disk is there: code tables,
#                          icon, migrations, our compiled translations, Qt's zh_CN/en ones
#   regdesk --version      prints the package version
#   regdesk demo           the whole path (workspace, migrations, import, validate, sign,
#                          sync) against the bundle's regdesk-server on loopback
#   regdesk-gui            offscreen: a call in a child process (the frozen spawn path
#                          of the import wizard), the first window, a clean exit 0
#   regdesk on PostgreSQL  init + batches on a fresh database, when REGDESK_TEST_PG_URL
#                          names a server (.ci/run starts one) and psql is installed:
#                          the bundled psycopg driver and the migrations on PostgreSQL
# Usage: tools/bundle_smoke.sh [DIST_DIR]   (default dist/regdesk)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist/regdesk}
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' desktop/__init__.py)

tmp=$(mktemp -d)
pg_db=""
cleanup() {
    if [ -n "$pg_db" ]; then
        psql "${pg_url/+psycopg/}" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
pg_url=${REGDESK_TEST_PG_URL:-}
# Nothing of the caller's workspace, operator or settings may leak in.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^REGDESK_' || true)
export REGDESK_HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state" \
    XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"

failed=0  # the current step's checks failed
passes=0
failures=0
step() {  # step NAME COMMAND...: run it, time it, keep its output
    local name=$1 start code=0
    shift
    start=$(date +%s%N)
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || code=$?
    local ms=$((($(date +%s%N) - start) / 1000000))
    if [ "$code" -eq 0 ]; then
        printf 'smoke: %-8s ok  %d.%02d s\n' "$name" $((ms / 1000)) $((ms % 1000 / 10))
        return 0
    fi
    printf 'smoke: %-8s FAILED (exit %s after %d ms)\n' "$name" "$code" "$ms"
    cat "$tmp/$name.out" "$tmp/$name.err"
    failed=1
    return 1
}
expect() {  # expect NAME TEXT: TEXT is in NAME's output
    if ! grep -qF -- "$2" "$tmp/$1.out"; then
        echo "smoke: $1 printed no \"$2\":"
        cat "$tmp/$1.out" "$tmp/$1.err"
        failed=1
    fi
}
no_traceback() {
    if grep -q Traceback "$tmp/$1.err"; then
        echo "smoke: $1 printed a traceback:"; cat "$tmp/$1.err"; failed=1
    fi
}

for exe in regdesk regdesk-gui regdesk-server; do
    [ -x "$dist/$exe" ] || { echo "smoke: $dist/$exe is missing (make bundle first)"; exit 1; }
done
echo "smoke: $dist ($(du -sh "$dist" | cut -f1)), expecting version $version"

tally() {  # count the step just checked
    if [ "$failed" -eq 0 ]; then passes=$((passes + 1)); else failures=$((failures + 1)); fi
    failed=0
}

check_files() {
    local internal="$dist/_internal" missing=0 name
    local wanted=(resources/codes/tables.toml resources/icons/regdesk.png
        desktop/store/migrations/env.py PySide6/Qt/translations/qtbase_zh_CN.qm
        PySide6/Qt/translations/qtbase_en.qm)
    for name in desktop/store/migrations/versions/*.py; do wanted+=("$name"); done
    for name in resources/i18n/*.ts; do
        [ -e "$name" ] && wanted+=("resources/i18n/$(basename "$name" .ts).qm")
    done
    for name in "${wanted[@]}"; do
        [ -s "$internal/$name" ] || { echo "missing from the bundle: $name"; missing=1; }
    done
    return "$missing"
}
step files check_files
tally

if step version "$dist/regdesk" --version; then
    expect version "regdesk $version"
fi
tally

if step demo timeout 300 "$dist/regdesk" demo --dir "$tmp/demo" --rows 40; then
    expect demo "回执已验证"
    expect demo "受理 40，退回 0"
    no_traceback demo
fi
tally

if step gui env QT_QPA_PLATFORM=offscreen REGDESK_SMOKE_SECONDS=3 \
        REGDESK_STARTUP_TRACE="$tmp/gui.trace" timeout 120 "$dist/regdesk-gui"; then
    expect gui "smoke: child process"
    no_traceback gui
    grep -q LoginDialog "$tmp/gui.trace" 2>/dev/null \
        || { echo "smoke: the GUI painted no window"; failed=1; }
fi
tally

if [ -n "$pg_url" ] && command -v psql >/dev/null 2>&1; then
    libpq=${pg_url/+psycopg/}  # the SQLAlchemy URL without its driver is libpq's
    pg_db="regdesk_smoke_$$"
    psql "$libpq" -qc "CREATE DATABASE $pg_db" >/dev/null
    db_url="${pg_url%/*}/$pg_db"
    password="Smoke-$$-pw1"
    if step pg-init "$dist/regdesk" init --database "$db_url" --school-code 10001 \
            --school-name 北京大学 --president 李四 --admin-user admin --password-stdin \
            <<<"$password"; then
        step pg-list env REGDESK_OPERATOR=admin REGDESK_PASSWORD="$password" \
            "$dist/regdesk" batches --database "$db_url" --format json && expect pg-list "[]"
    fi
    tally
fi

echo "smoke: $passes passed, $failures failed"
[ "$failures" -eq 0 ]

#!/usr/bin/env bash
# Build the offline one-folder bundle (Linux), run the bundled program's --self-test offscreen,
# and fail if the self-test fails, if the bundle wrote into its own folder, or if the folder is
# larger than the size goal. Prints the size and the timings.
#
#   .ci/bundle.sh                      # builds into a temporary folder, removed afterwards
#   ZMDHELP_BUNDLE_OUT=out .ci/bundle.sh   # keeps the result: out/dist/zmdhelp/
#
# Environment: ZMDHELP_BUNDLE_LIMIT_MB (default 130), PYTHON (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

LIMIT_MB="${ZMDHELP_BUNDLE_LIMIT_MB:-130}"
PYTHON="${PYTHON:-.venv/bin/python}"

if [ -n "${ZMDHELP_BUNDLE_OUT:-}" ]; then
  OUT="$ZMDHELP_BUNDLE_OUT"
  mkdir -p "$OUT"
  OUT="$(cd "$OUT" && pwd)"
  KEEP=1
else
  OUT="$(mktemp -d "${TMPDIR:-/tmp}/zmdhelp-bundle.XXXXXX")"
  KEEP=0
fi
STATE="$(mktemp -d "${TMPDIR:-/tmp}/zmdhelp-bundle-home.XXXXXX")"
cleanup() {
  rm -rf "$STATE"
  if [ "$KEEP" = 0 ]; then rm -rf "$OUT"; fi
}
trap cleanup EXIT

if ! "$PYTHON" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "bundle: PyInstaller is missing; installing the [bundle] extra"
  "$(dirname "$PYTHON")/pip" install -q -e ".[bundle]"
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "bundle: building into $OUT/dist/zmdhelp"
t0=$(now)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/build" resources/bundle/zmdhelp.spec
t1=$(now)
APP="$OUT/dist/zmdhelp"
EXE="$APP/zmdhelp"
[ -x "$EXE" ] || { echo "bundle: FAIL: $EXE was not built" >&2; exit 1; }

SIZE_MB=$(du -sm "$APP" | cut -f1)
echo "bundle: built in $(secs "$t0" "$t1") s; size ${SIZE_MB} MB (du -sm; goal <= ${LIMIT_MB} MB)"

# The bundle folder may be read-only for the clerk: the program must write nothing into it. A
# listing with sizes and times before and after the runs shows any write (even as root).
listing() { find "$APP" -printf '%P %s %T@\n' | sort; }
before="$(listing)"

# Each run starts with no network at all when the kernel allows a private network namespace;
# otherwise the run is still offline by design (tests/test_offline.py proves that part).
NONET=()
if unshare -rn true >/dev/null 2>&1; then
  NONET=(unshare -rn)
elif unshare -n true >/dev/null 2>&1; then
  NONET=(unshare -n)
fi
if [ ${#NONET[@]} -gt 0 ]; then
  echo "bundle: self-test runs without network (${NONET[*]})"
fi

run_self_test() {  # $1: label; prints the JSON line, returns the exit code
  local label="$1" start end rc out
  start=$(now)
  set +e
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen ZMDHELP_HOME="$STATE" \
        timeout 120 "${NONET[@]}" "$EXE" --self-test 2>"$STATE/stderr.txt")
  rc=$?
  set -e
  end=$(now)
  echo "bundle: self-test ($label): exit $rc, start to exit $(secs "$start" "$end") s"
  if [ -n "$out" ]; then echo "$out"; fi
  if [ "$rc" -ne 0 ]; then
    sed 's/^/  stderr: /' "$STATE/stderr.txt" >&2
    [ -f "$STATE/logs/zmdhelp.log" ] && tail -n 20 "$STATE/logs/zmdhelp.log" | sed 's/^/  log: /' >&2
  fi
  return "$rc"
}

fail=0
run_self_test "first start: builds the search index" || fail=1
if [ "$fail" = 0 ]; then
  run_self_test "second start: index cached" || fail=1
fi

after="$(listing)"
if [ "$before" != "$after" ]; then
  echo "bundle: FAIL: the program wrote into its own folder:" >&2
  diff <(echo "$before") <(echo "$after") | head -20 >&2
  fail=1
fi
if [ "$SIZE_MB" -gt "$LIMIT_MB" ]; then
  echo "bundle: FAIL: ${SIZE_MB} MB is over the ${LIMIT_MB} MB goal" >&2
  du -sm "$APP"/_internal/* | sort -rn | head -10 >&2
  fail=1
fi
if [ "$fail" != 0 ]; then
  echo "bundle: FAILED" >&2
  exit 1
fi
echo "bundle: OK (${SIZE_MB} MB)"

#!/usr/bin/env bash
# Sets up Timeline in ./.venv (Python 3.11+). With --browser, also installs Debian's chromium
# (used by the browser tests and by chart image export).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 \
  | grep -v "is ignored" || true
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e . 2>&1 | grep -v "is ignored" || true
.venv/bin/python -c "import streamlit, pandas, plotly, dateparser, trafilatura, pyarrow, kaleido, timeline" \
  || { echo "setup.sh: the Python packages did not install; see the messages above" >&2; exit 1; }
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "setup.sh: could not install chromium; browser tests will be skipped" >&2
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "setup.sh: could not install chromium; browser tests will be skipped" >&2
  else
    echo "setup.sh: install Debian's chromium (apt-get install chromium) for the browser tests" >&2
  fi
fi
# --browser also installs Debian's postgresql: the edit-log tests start a throwaway server with its binaries.
if [ "${1:-}" = "--browser" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  ($SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
    || echo "setup.sh: could not install postgresql; the PostgreSQL tests will be skipped" >&2
fi
# --browser also fetches TimelineJS with npm (`npm pack`, from the registry npm is configured with): a test loads the
# TimelineJS export in the real library. The tarball must match the checksum kept here.
TLJS_PACKAGE=@knight-lab/timelinejs@3.9.11
TLJS_SHA512="+jUuY1OJ+9zSO5O3AfYSLd1yB0vQkm22zyIElz8BWT5DQ9mL0rsxlQkBKAqLbWpJjFuAAJeqzLY35xFIg6GW4g=="
if [ "${1:-}" = "--browser" ] && [ ! -f .venv/timelinejs/package/dist/js/timeline.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup.sh: npm is missing (install nodejs and npm); the TimelineJS loading test will be skipped" >&2
  else
    TLJS_TMP=$(mktemp -d)
    trap 'rm -rf "$TLJS_TMP"' EXIT
    if TLJS_TGZ=$(cd "$TLJS_TMP" && npm pack --silent "$TLJS_PACKAGE" 2>/dev/null | tail -n 1) \
        && [ -n "$TLJS_TGZ" ] && [ -f "$TLJS_TMP/$TLJS_TGZ" ]; then
      .venv/bin/python - "$TLJS_TMP/$TLJS_TGZ" "$TLJS_SHA512" <<'PY' \
        || echo "setup.sh: could not unpack TimelineJS; the TimelineJS loading test will be skipped" >&2
import base64, hashlib, io, sys, tarfile
path, digest = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
if base64.b64encode(hashlib.sha512(data).digest()).decode() != digest:
    sys.exit("setup.sh: the TimelineJS package does not match its checksum")
with tarfile.open(fileobj=io.BytesIO(data)) as tar:
    tar.extractall(".venv/timelinejs", members=[m for m in tar.getmembers() if m.name.startswith("package/dist/")
                                                and ".." not in m.name], filter="data")
PY
    else
      echo "setup.sh: npm could not fetch $TLJS_PACKAGE; the TimelineJS loading test will be skipped" >&2
    fi
  fi
fi
echo "setup.sh: ready (.venv)"

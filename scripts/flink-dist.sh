#!/usr/bin/env bash
# Installs Flink's own binary distribution (the one `pip install apache-flink` brings) into
# .flink/dist/pyflink, the FLINK_HOME of `./run cluster`: bin/, conf/, lib/flink-dist-*.jar.
# Only the two wheels are fetched (from PyPI, no Python dependencies) and unpacked; nothing is
# installed into any Python environment.
set -euo pipefail
cd "$(dirname "$0")/.."

FLINK_VERSION=2.2.1
HOME_DIR=.flink/dist/pyflink
if [[ -x "$HOME_DIR/bin/flink" && -f "$HOME_DIR/lib/flink-dist-$FLINK_VERSION.jar" ]]; then
  exit 0
fi
echo "installing Flink $FLINK_VERSION's distribution from PyPI into .flink (about 320 MB, once)..." >&2
rm -rf .flink
mkdir -p .flink/wheels .flink/dist
python3 -m pip download --quiet --no-deps --progress-bar on -d .flink/wheels \
  "apache-flink==$FLINK_VERSION" "apache-flink-libraries==$FLINK_VERSION" >&2
for wheel in .flink/wheels/*.whl; do
  python3 -m zipfile -e "$wheel" .flink/dist
done
rm -rf .flink/wheels
# Wheels keep no file modes; Flink's scripts must be executable and need a log folder.
chmod +x "$HOME_DIR"/bin/*
mkdir -p "$HOME_DIR/log"
echo "Flink $FLINK_VERSION at $HOME_DIR" >&2

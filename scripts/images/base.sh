#!/usr/bin/env bash
# Makes the base images Runnel's Dockerfiles start FROM, on a machine that cannot pull them:
#   debian:bookworm-slim   from Debian's packages (debootstrap --variant=minbase, then docker import)
#   node:20-bookworm-slim  that image plus this machine's Node.js 20 and npm
# An image already present is kept; one that can be pulled is pulled. --force rebuilds both locally.
# Usage: bash scripts/images/base.sh [--force]
set -euo pipefail

force=0
[ "${1:-}" = "--force" ] && force=1
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

have() { docker image inspect "$1" >/dev/null 2>&1; }
# A registry that answers pulls in seconds; these machines refuse at once, so the timeout is short.
pull() { [ "$force" = 0 ] && timeout 20 docker pull -q "$1" >/dev/null 2>&1; }

if [ "$force" = 1 ] || ! have debian:bookworm-slim; then
  if pull debian:bookworm-slim; then
    echo "base: pulled debian:bookworm-slim"
  else
    command -v debootstrap >/dev/null || { echo "base: debootstrap is missing (apt-get install -y debootstrap)" >&2; exit 1; }
    root="$(mktemp -d /tmp/runnel-base.XXXXXX)"
    trap 'rm -rf "$root"' EXIT
    echo "base: debootstrap bookworm from $mirror (about 30 s)"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
      tail -20 "$root.log" >&2
      exit 1
    }
    rm -f "$root.log"
    # What the official slim image leaves out: apt's caches and lists, docs and man pages.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
    tar -C "$root" -c . | docker import -c 'CMD ["bash"]' -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - debian:bookworm-slim >/dev/null
    rm -rf "$root"
    trap - EXIT
    echo "base: built debian:bookworm-slim locally"
  fi
fi

if [ "$force" = 1 ] || ! have node:20-bookworm-slim; then
  if pull node:20-bookworm-slim; then
    echo "base: pulled node:20-bookworm-slim"
  else
    node="$(command -v node)"
    npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
    case "$(node --version)" in v20.*) ;; *)
      echo "base: node:20-bookworm-slim is built from this machine's Node.js, which is $(node --version), not 20" >&2
      exit 1
      ;;
    esac
    ctx="$(mktemp -d /tmp/runnel-node.XXXXXX)"
    trap 'rm -rf "$ctx"' EXIT
    cp "$(readlink -f "$node")" "$ctx/node"
    cp -r "$(readlink -f "$npm_dir")" "$ctx/npm"
    cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
DOCKERFILE
    docker build -q -t node:20-bookworm-slim "$ctx" >/dev/null
    rm -rf "$ctx"
    trap - EXIT
    echo "base: built node:20-bookworm-slim locally from $(node --version)"
  fi
fi

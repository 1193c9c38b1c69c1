#!/usr/bin/env bash
# Install the Debian packages named as arguments when they are missing (needs root, as on this machine kind).
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "gongkai needs these Debian packages: ${missing[*]} (run as root, or install them first)." >&2
  exit 1
fi
echo "gongkai: installing ${missing[*]} from Debian ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

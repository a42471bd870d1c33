#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (as root). Used by .ci/run and by developers.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
pkgs=$(cat "$here"/apt-packages*.txt | sed 's/#.*//' | tr -s ' \n' ' ')
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null

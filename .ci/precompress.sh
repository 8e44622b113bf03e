#!/usr/bin/env bash
# Writes .br and .gz beside each built asset of the site (target/site by
# default), so the server sends the precompressed file to browsers that
# accept it instead of compressing on every request.
set -euo pipefail
site="${1:-target/site}"
find "$site/pkg" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 |
  while IFS= read -r -d '' file; do
    brotli --force --best --keep "$file"
    gzip --force --best --keep --no-name "$file"
  done

#!/bin/sh
# Our Raft as a Maelstrom node, for Maelstrom's --bin (which takes one executable, no arguments):
#   maelstrom test -w lin-kv --bin scripts/maelstrom-node.sh --node-count 3 --time-limit 20
# Needs a built dist/ (npm install or npm run build).
exec node "$(dirname "$0")/../dist/src/maelstrom-node/bin.js" "$@"

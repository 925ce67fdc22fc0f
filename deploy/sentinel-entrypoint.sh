#!/bin/sh
# Starts a Redis Sentinel watching the compose primary (profile `ha`). The configuration is written
# at every start because a Sentinel rewrites it as it learns the replicas and the other Sentinels.
set -eu
conf=/tmp/sentinel.conf
cat >"$conf" <<CONF
port 26379
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel monitor ${SENTINEL_MASTER:-mymaster} redis-primary 6379 ${SENTINEL_QUORUM:-2}
sentinel down-after-milliseconds ${SENTINEL_MASTER:-mymaster} 5000
sentinel failover-timeout ${SENTINEL_MASTER:-mymaster} 30000
sentinel parallel-syncs ${SENTINEL_MASTER:-mymaster} 1
CONF
exec redis-server "$conf" --sentinel

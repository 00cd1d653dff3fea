# The detector image for ColonyOS's docker executor (colonyos/executors, docker/). Untested here: no
# Docker engine on the development machines; the same command runs under executor/command_executor.ts.
#
#   docker build -t colonyos-anomaly-detector:latest .
#   docker run --rm --network host colonyos-anomaly-detector:latest \
#     bun executor/detect.ts --db http://127.0.0.1:8000 <TS_ID>...
#
# The docker executor replaces the image's command with `sh -c "mkdir -p /cfs;<cmd> <args>"`, so the
# detector is the default command (CMD), not a fixed ENTRYPOINT: an ENTRYPOINT of our own would receive
# that `sh -c …` as its arguments. The base image's entrypoint runs any command that exists on PATH.
FROM oven/bun:1.4.5

WORKDIR /app

# Dependencies first, so code changes reuse the cached install layer.
COPY package.json bun.lock bunfig.toml ./
RUN bun install --frozen-lockfile --production

COPY . .

# model.json (from scripts/calc_kl_div_threshold.ts) is copied when present in the build context;
# otherwise mount one and point MODEL_PATH at it (e.g. /cfs/model.json), or the tutorial's default
# threshold is used with a warning on stderr.
ENV NODE_ENV=production \
    MODEL_PATH=/app/model.json

USER bun

CMD ["bun", "executor/detect.ts"]

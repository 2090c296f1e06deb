# syntax=docker/dockerfile:1
# streetcar-delay-bot: a multi-stage image that runs the compiled server (`node dist/index.js`,
# built by `npm run build`) as a non-root user. Build:   docker build -t streetcar-delay-bot .
#        or:     docker build --build-arg TFJS_NODE=false -t streetcar-delay-bot .   (no internet)
# Run locally:   docker run --rm -p 3978:3978 streetcar-delay-bot
# See docs/DEPLOYMENT.md for Azure.

ARG NODE_IMAGE=node:20-bookworm-slim

# ── 1. build: the server compiled to dist/ (tsc needs the dev dependencies) ─────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional: nothing native is needed to compile, and tfjs-node's install would download.
RUN npm ci --omit=optional --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/
COPY src ./src
RUN npm run build

# ── 2. dependencies ───────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# tfjs-node (the native TensorFlow backend) is an optional dependency whose install downloads
# libtensorflow. With TFJS_NODE=true (default) the build tries it and carries on without it when
# the download is not possible (the model then runs on WebAssembly); TFJS_NODE=false leaves it out.
# Not `--omit=optional`: that would also drop the chart renderer's platform binary
# (@resvg/resvg-js-linux-x64-gnu) and the server could not start.
ARG TFJS_NODE=true
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && if [ "$TFJS_NODE" != "true" ]; then rm -rf node_modules/@tensorflow/tfjs-node; fi \
 && npm cache clean --force
# The Web Chat bundle for /chat (only served when chat is on; optional when offline).
COPY scripts/fetch-webchat.ts scripts/
COPY src/config.ts src/
COPY src/web/webchat-bundle.ts src/web/
RUN mkdir -p .cache && (node --import tsx scripts/fetch-webchat.ts --optional || true)

# ── 3. runtime ────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    LOG_LEVEL=info
WORKDIR /app
# Only what the server reads at run time: dependencies, the compiled server, settings, the model.
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=deps --chown=node:node /app/.cache ./.cache
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node config ./config
COPY --chown=node:node models ./models
COPY --chown=node:node pipelines ./pipelines
# Non-root (the node image's uid 1000); the app writes nothing but its logs to stdout.
USER node
EXPOSE 3978
# /readyz: 200 when the model is loaded, the state storage answers and the process is not draining.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop, App Service, Kubernetes): stop accepting, finish turns in flight, exit 0.
# Give it longer than ops.shutdownGraceMs: docker stop --time 30.
STOPSIGNAL SIGTERM
# Compiled JavaScript: no TypeScript is transpiled at start (docs/PERFORMANCE.md, readiness).
CMD ["node", "dist/index.js"]

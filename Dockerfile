# The billing application's image: one image, two services (docker-compose.yml).
#   API:    node dist/app/api/main.js       (port 3000, health: GET /healthz)
#   worker: node dist/app/workers/main.js   (health: GET /healthz on WORKER_METRICS_PORT)
#   migrations (one-shot, before both): node dist/app/workers/migrate.js
# The TypeScript is compiled once here (scripts/build.sh, which test/e2e/compiled-build.test.ts
# runs in CI), the workflows are bundled ahead of time (WORKFLOW_BUNDLE_PATH), and the runtime
# stage holds production dependencies only and runs as the unprivileged `node` user.

# --- build: all dependencies, compile, bundle, then drop the development dependencies ---
FROM node:20-bookworm-slim AS build
ENV PUPPETEER_SKIP_DOWNLOAD=true NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/build.sh dist/app && npm prune --omit=dev --no-audit --no-fund

# --- runtime: Node, Chromium for the PDFs, and the build output ---
FROM node:20-bookworm-slim AS runtime
# Chromium renders invoice PDFs (puppeteer-core, CHROMIUM_PATH); DejaVu gives it fonts.
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    chromium fonts-dejavu-core ca-certificates \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    CHROMIUM_PATH=/usr/bin/chromium \
    WORKFLOW_BUNDLE_PATH=/app/dist/app/workflow-bundle.js \
    DATA_DIR=/tmp/usage-billing
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist/app ./dist/app
# The portal is bundled by the API at its first request (portal/build.ts, esbuild): its
# sources and the formatting rules it shares with the invoice documents come along.
COPY --from=build --chown=root:root /app/portal/src ./portal/src
COPY --from=build --chown=root:root /app/domain ./domain
# The code is owned by root and read-only to the process; it writes nowhere but DATA_DIR.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/app/api/main.js"]

# Image for the billing worker and HTTP API (see docker-compose.yml):
#   worker: npx tsx workers/main.ts      api: npx tsx api/main.ts (port 3000)
FROM node:20-bookworm-slim

# Chromium renders invoice PDFs (puppeteer-core, CHROMIUM_PATH); DejaVu gives it fonts.
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    chromium fonts-dejavu-core ca-certificates \
  && rm -rf /var/lib/apt/lists/*

ENV CHROMIUM_PATH=/usr/bin/chromium \
    PUPPETEER_SKIP_DOWNLOAD=true \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app

# Dependencies first, so source edits do not invalidate this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .

ENV NODE_ENV=production
USER node
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]

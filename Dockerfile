# Tongban: one image for the API (default command) and the worker
# (docker-compose.yml runs it with `node dist/apps/worker/src/main.js`).
# No HEALTHCHECK in the image: the two answer GET /health/ready on different
# ports (the API on PORT; the worker, which has no API, only with HEALTH_PORT
# set), so docker-compose.yml checks each service on its own port.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# Install scripts are not needed: argon2 and msgpackr ship prebuilt binaries.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && node -e "require('argon2')"

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Code and dependencies stay owned by root, read-only to the process.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Writable only when the image runs without DATABASE_URL (embedded database).
RUN mkdir -p /app/data /var/lib/tongban/audit-checkpoints && chown node:node /app/data /var/lib/tongban/audit-checkpoints
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]

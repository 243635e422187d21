# syntax=docker/dockerfile:1
# One image, two roles: `node dist/main.js` (web: Slack, Teams, health, metrics) and `node dist/main.js worker`
# (follow-up reminders, escalations, shift handoffs). Node 26 is the LTS line the CI also tests.

FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:26-slim AS runtime
ENV NODE_ENV=production PORT=3000
# A small young generation and a capped old one keep resident memory flat for a chat bot's modest throughput
# (test/bench/memory.ts reads this line, so the benchmark measures what ships).
ENV NODE_OPTIONS="--max-semi-space-size=2 --max-old-space-size=384"
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json manifest.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root playbooks ./playbooks
COPY --chown=root:root prompts ./prompts
COPY --chown=root:root models ./models
# the app never writes inside /app; it runs as the unprivileged `node` user
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js", "web"]

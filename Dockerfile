# The app image for docker-compose.yml. Debian-based (not Alpine) so the argon2 binary from
# the lock file (glibc build) matches.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The build needs the development dependencies (tsc; esbuild for dist/tools/evx-verify.mjs, the
# verifier served to recipients); they go before dist/ is copied into the runtime stage.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]

# Pantau server image, in two stages on the current Node.js LTS (24, as package.json's engines).
# Build: every dependency, then the web client (vite) and the server bundle (esbuild, `npm run build`).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Run: production dependencies and the built files only; plain `node`, no TypeScript loader, no vite.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
# Reference data the server reads at start (catalogue, areas, boundaries, routing, scorecard).
COPY shared/reference ./shared/reference
# The archive's and the report photos' volumes (compose) take these folders' owner when first created.
RUN mkdir -p /var/lib/pantau/archive /var/lib/pantau/media && chown node:node /var/lib/pantau/archive /var/lib/pantau/media
USER node
EXPOSE 8080
# Accounts and keys from the image: `docker compose exec app-1 node dist/server/cli.js user list`.
CMD ["node", "dist/server/main.js"]

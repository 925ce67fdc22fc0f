# Pantau server image: the built web client plus the TypeScript server run through tsx.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:client
ENV NODE_ENV=production PORT=8080
EXPOSE 8080
# The archive's volume (compose) takes this folder's owner when first created.
RUN mkdir -p /var/lib/pantau/archive && chown node:node /var/lib/pantau/archive
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]

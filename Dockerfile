# One image for the worker, the API and the codec server (docker-compose.yml picks the command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY domain domain
COPY workflows workflows
COPY activities activities
COPY platform platform
COPY workers workers
COPY client client
COPY bin bin
USER node
CMD ["npm", "run", "worker"]

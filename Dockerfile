# One image for the worker, the API and the codec server (docker-compose.yml picks the command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
# Everything but what .dockerignore leaves out: tests, benchmarks, build tools and the local stack (client/dev.ts,
# client/devstack), whose packages are devDependencies.
COPY . .
USER node
CMD ["npm", "run", "worker"]

# One image for both roles (api / worker), as docker-compose.yml runs them.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui python3-uno fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*
ENV PATH="/usr/lib/libreoffice/program:${PATH}"
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
USER node
CMD ["npm", "run", "api"]

# mobicrawl in a container: Debian's Chromium, a non-root user, `docker run IMAGE audit URL`.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/mobicrawl
COPY pyproject.toml README.md LICENSE ./
COPY crawler ./crawler
COPY checks ./checks
RUN pip install --no-cache-dir .

RUN useradd --create-home --uid 10001 mobicrawl
USER mobicrawl
WORKDIR /home/mobicrawl
ENV MOBICRAWL_BROWSER=/usr/bin/chromium
ENTRYPOINT ["mobicrawl"]
CMD ["--help"]

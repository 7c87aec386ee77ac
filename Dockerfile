# crisisbot for hospitals that host containers: the wheel built from this folder, run as an
# unprivileged user. /data holds the SQLite database (by default), the journal's witness and
# the exports: mount a volume there. With PostgreSQL, give DATABASE_URL; with Slack or Teams,
# give CRISISBOT_JOURNAL_KEY (see the README's deployment section).
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --disable-pip-version-check --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PORT=3000 \
    DATABASE_URL=sqlite:////data/crisisbot.db \
    CRISISBOT_DATA_DIR=/data \
    CRISISBOT_EXPORTS_DIR=/data/exports
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --disable-pip-version-check --no-index --find-links=/wheels \
        crisisbot \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --user-group --home-dir /data --create-home crisisbot
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3000') + '/healthz', timeout=4)"]
CMD ["crisisbot", "run"]

# casedesk: one image for web (gunicorn), worker, beat and the one-shot migrate (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CASEDESK_DATA_DIR=/data

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected at build time (whitenoise serves them, compressed, with hashed names). The key in
# this RUN exists only here: settings refuse to start without a real one, and collectstatic needs settings.
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-0123456789 DEBUG=false \
        CASEDESK_DATA_DIR=/tmp/build-data python manage.py collectstatic --noinput --verbosity 0 \
    && rm -rf /tmp/build-data \
    && useradd --system --uid 1000 --home-dir /app casedesk \
    && mkdir -p /data \
    && chown casedesk /data

USER casedesk
VOLUME ["/data"]
EXPOSE 8000
CMD ["gunicorn", "casedesk.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

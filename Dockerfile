# Quote attribution API: gunicorn serving service:create_app() with the Stanza models shipped in models/en.
#   docker build -t quote-attribution .
#   docker run --rm -p 8000:8000 quote-attribution
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies from the hash-pinned service lock before the code, for layer caching. torch is the CPU-only
# 2.13.0 wheel (the default one pulls in gigabytes of CUDA libraries that a CPU service never uses), found on
# the CPU wheel index; the lock pins its hash like every other package's.
COPY requirements.lock ./
RUN pip install --require-hashes --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.lock

# The project itself, without resolving anything again.
COPY pyproject.toml README.md ./
COPY service ./service
COPY schemas ./schemas
RUN pip install --no-deps --no-build-isolation .

COPY gunicorn.conf.py ./
COPY models/en ./models/en
COPY models/tagger ./models/tagger
# The installed package lives in site-packages, so point it at the models explicitly.
ENV QUOTES_MODEL_DIR=/app/models/en \
    QUOTES_TAGGER_DIR=/app/models/tagger

RUN useradd --create-home --uid 10001 quotes
USER quotes
# The embedded jobs broker and store (used when QUOTES_BROKER_URL is unset) need a folder the user can write;
# the package's default instance folder lies under /usr/local, which it cannot.
ENV QUOTES_JOB_DIR=/home/quotes/jobs

EXPOSE 8000
# Ready means models loaded and warmed (GET /readyz is 503 until then); the first load takes a while.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=8)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "service:create_app()"]

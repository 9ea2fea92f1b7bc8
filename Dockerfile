# One image for every service of docker-compose.yml: the Dask scheduler and workers run the same extraction code
# as the Dagster webserver and daemon, so a task pickled by one unpickles in the other.
FROM python:3.11-slim
# libgl/glib: opencv (OCR of scanned pages) loads them at import
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libgl1 libglib2.0-0 make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
# editable: the dbt project and the figure catalogue are read from /app beside the code
# bokeh: the Dask dashboard (:8787) that shows the tasks as they run
RUN pip install --no-cache-dir -e . bokeh && gongkai prepare
ENV DAGSTER_HOME=/data/dagster_home \
    GONGKAI_WAREHOUSE=/data/warehouse/gongkai.duckdb \
    GONGKAI_INBOX=/data/inbox

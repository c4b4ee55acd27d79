"""ASGI entry point (production, for the live pages' server-sent events):

    uvicorn echohub.asgi:application --host 127.0.0.1 --port 8000 --workers 2

Each worker process keeps one LISTEN connection (PostgreSQL) or one subscription (Redis) for
the live channel; see echohub.live.channel and docs/deployment.md.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "echohub.settings")
application = get_asgi_application()

"""Settings for build steps that touch no data (compilemessages at set-up, before .env exists)."""

import os

os.environ.setdefault("GONGKAI_DEBUG", "true")

from gongkai.settings import *  # noqa: F403

# Build steps enqueue nothing: an in-memory queue, so no queue file is opened before var/ exists.
HUEY = {**HUEY, "immediate": True}  # noqa: F405

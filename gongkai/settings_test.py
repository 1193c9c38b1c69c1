"""Settings for the test suite: the real settings with a fixed environment, never the developer's .env."""

import os

os.environ["GONGKAI_ENV_FILE"] = "none"
os.environ.setdefault("GONGKAI_SECRET_KEY", "test-secret-key-" + "x" * 48)
os.environ.setdefault("GONGKAI_AUDIT_KEY", "test-audit-key")
os.environ["GONGKAI_EMAIL"] = "locmem"
os.environ.setdefault("GONGKAI_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from gongkai.settings import *  # noqa: F403

# Fast hashing: the password rules are tested through the validators, not the hash cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files from the finders, so tests need no collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file, not the shared-cache in-memory database: concurrency tests need SQLite's real locking (WAL, busy
# timeout, IMMEDIATE transactions) as the embedded default runs it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    os.makedirs(VAR_DIR, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-gongkai.sqlite3")}  # noqa: F405
# Tasks run in the caller, at once, on an in-memory queue: a test calls a task and sees its effects.
HUEY = {**HUEY, "immediate": True}  # noqa: F405

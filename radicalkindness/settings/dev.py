"""Local development: `make run`. Debug on, a throwaway key unless one is given."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"  # noqa: F405
SERVE_MEDIA = True

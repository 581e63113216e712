"""Search backends: `get_backend()` is the one the CHANCERY_SEARCH_BACKEND setting names ("postgres",
"sqlite", or the dotted path of a `SearchBackend` subclass); unset, the database's own."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

from chancery.search.backends.base import SearchBackend

BACKENDS = {
    "postgresql": "chancery.search.backends.postgres.PostgresSearchBackend",
    "sqlite": "chancery.search.backends.sqlite.SQLiteSearchBackend",
}
ALIASES = {"postgres": "postgresql", "sqlite3": "sqlite"}


def get_backend() -> SearchBackend:
    return _backend(getattr(settings, "CHANCERY_SEARCH_BACKEND", "") or "", connection.vendor)


@cache
def _backend(name: str, vendor: str) -> SearchBackend:
    name = ALIASES.get(name, name) or vendor
    path = BACKENDS.get(name, name)
    if "." not in path:
        raise ImproperlyConfigured(f"CHANCERY_SEARCH_BACKEND: no search backend {name!r} (postgres, sqlite)")
    backend_class = import_string(path)
    if not (isinstance(backend_class, type) and issubclass(backend_class, SearchBackend)):
        raise ImproperlyConfigured(f"CHANCERY_SEARCH_BACKEND: {path} is not a SearchBackend")
    if backend_class.vendor != vendor:
        raise ImproperlyConfigured(
            f"CHANCERY_SEARCH_BACKEND: {path} needs {backend_class.vendor}, the database is {vendor}"
        )
    return backend_class()

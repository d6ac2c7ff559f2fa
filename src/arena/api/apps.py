from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The versioned JSON API (django-ninja); it calls the same selectors and services as the pages."""

    name = "arena.api"
    verbose_name = "API"

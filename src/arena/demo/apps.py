from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Believable demo content for `make demo`; never loaded in production."""

    name = "arena.demo"
    verbose_name = "Demo"

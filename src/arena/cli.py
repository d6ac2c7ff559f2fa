"""The `arena` command.

`arena <django-command>` runs a Django management command with Arena's settings, so
`arena load-reference` is the same as `manage.py load_reference`. Engine commands that must
run without a database (matching, scheduling) register in ENGINE_COMMANDS and skip Django.
"""

import os
import sys
from collections.abc import Callable

# name -> "module:function" taking argv; filled by the matching and scheduling packages.
ENGINE_COMMANDS: dict[str, str] = {
    "cpv": "arena.matching.cli:cpv_main",
    "match": "arena.matching.cli:match_main",
    "schedule": "arena.scheduling.cli:main",
}


def _load(target: str) -> Callable[[list[str]], int]:
    import importlib

    module_name, _, func_name = target.partition(":")
    func: Callable[[list[str]], int] = getattr(importlib.import_module(module_name), func_name)
    return func


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        return _load(ENGINE_COMMANDS[args[0]])(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings.base")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        # Arena spells its commands with hyphens; Django's modules use underscores.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["arena", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())

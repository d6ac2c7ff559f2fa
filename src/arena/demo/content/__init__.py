"""The bulk demo content: plain data and small deterministic generators, no database access.

`demo_content()` composes buyers, focus areas, challenges, companies and solutions from the sector
templates in `sectors/`; `arena.demo.services` writes them through the apps' own services.
"""

from arena.demo.content.generate import DemoContent, demo_content
from arena.demo.content.matches import INTENDED_MATCHES, NEAR_MISSES

__all__ = ["INTENDED_MATCHES", "NEAR_MISSES", "DemoContent", "demo_content"]

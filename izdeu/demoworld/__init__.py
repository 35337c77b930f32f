"""A reproducible, fictional Almaty, January 2022: the demo world of izdeu.

``generate(seed, scale)`` builds about 12,000 detained people (at scale 1.0) with their custody
paths over 6–15 January, the lists volunteers receive from police stations, detention centres,
courts, hospitals and the morgue, and about 2,000 search requests written the way relatives
write. Every list entry and request records the person it is really about, so the same world
serves the demo site and the matching benchmarks.

Plain Python only: no Django here. Randomness comes from one ``random.Random(seed)``; names
come from mimesis's JSON files read directly (see ``names.py`` for which file gives which list).
All persons are fictional.
"""

from izdeu.demoworld.generate import generate
from izdeu.demoworld.model import World, serialise

__all__ = ["World", "generate", "serialise"]

"""Facts about the shapes of the vocabularies' codes; plain Python, no Django."""


def cpv_level(code: str) -> int:
    """The level of an eight-digit CPV code: 1 for a division (XX000000), one more per digit."""
    return max(1, len(code.rstrip("0")) - 1)


def cpv_ancestor_codes(code: str) -> list[str]:
    """The codes that could sit above a CPV code, top first: its significant digits cut short.

    03110000 → [03000000, 03100000]. The files' parent is always the nearest of these that
    exists (the loader checks it), so the existing ones are exactly the chain of parents.
    """
    significant = code.rstrip("0")
    ancestors: list[str] = []
    for length in range(2, len(significant)):
        candidate = code[:length].ljust(8, "0")
        if candidate not in ancestors:
            ancestors.append(candidate)
    return ancestors


def sdg_target_sort_key(code: str) -> int:
    """1.1 → 1001, 1.10 → 1010, 1.a → 1100, 1.b → 1101: numbered targets first, then lettered."""
    goal, _dot, target = code.partition(".")
    rank = int(target) if target.isdigit() else 100 + ord(target) - ord("a")
    return int(goal) * 1000 + rank

"""What every tab shares: the index-swap refresh registry and the messages shown when no index is ready."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

EMPTY = "Typ een vraag met ten minste één woord."


@dataclass
class Refresh:
    """Components that must be redrawn when a new index is swapped in, each with the function that redraws it.

    A tab's `build(engine, refresh)` calls `refresh.on_swap(component, fn)`; the page's timer calls every `fn`
    (no arguments, returns a value or a gradio update) once per swapped-in index generation.
    """

    items: list[tuple[object, Callable[[], object]]] = field(default_factory=list)
    per_user: list[tuple[object, Callable[[object], object]]] = field(default_factory=list)

    def on_swap(self, component, redraw: Callable[[], object]) -> None:
        self.items.append((component, redraw))

    def on_load(self, component, draw: Callable[[object], object]) -> None:
        """Draw `component` for each visitor when the page loads: `draw(request)` (e.g. admin-only controls)."""
        self.per_user.append((component, draw))

    @property
    def components(self) -> list:
        return [c for c, _ in self.items]

"""Type stubs of facturier's native module; use the ``facturier`` package, which wraps it.

The public functions are generated into ``facturier/_api.py`` from the shared operation table;
they all go through :func:`call`.
"""

from typing import Any

__all__ = ["SCHEMA_NAMES", "__version__", "_panic_for_tests", "call", "operations"]

__version__: str
SCHEMA_NAMES: tuple[str, ...]

def call(name: str, args: tuple[Any, ...]) -> Any:
    """Calls the operation ``name`` of the table with every argument in the table's order."""

def operations() -> str:
    """The operation table as JSON text."""

def _panic_for_tests() -> None:
    """Panics inside the guard; raises ``FacturierError(code="panic")``."""

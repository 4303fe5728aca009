"""The one scoping mechanism: what a user can reach.

- ``mechanism``: ``Scope``, ``scope_for(user)`` (resolved once per user object) and ``ScopedQuerySet``,
  whose ``for_user(user)`` every view and API fetches through;
- ``resolver``: how a user's office, jurisdiction and grants become a ``Scope``.

Only the mechanism is imported here: the models build on it, and the resolver reads the models.
"""

from .mechanism import (
    Scope,
    ScopedQuerySet,
    forget_scope,
    scope_digest,
    scope_for,
    scope_generations,
    use_resolver,
)

__all__ = [
    "Scope",
    "ScopedQuerySet",
    "forget_scope",
    "scope_digest",
    "scope_for",
    "scope_generations",
    "use_resolver",
]

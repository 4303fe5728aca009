"""A view or API that reads a model without ``for_user()`` fails here, before it can leak.

Every module or package named ``views`` or ``api`` (or ``*_views`` / ``*_api``) under each app is read
(so views moved into sub-packages are found too). Each ``<Model>.objects`` chain must pass through
``.for_user(``, and ``get_object_or_404`` must be given a queryset, not a model. ``.none()`` reaches
nothing and is always fine. What remains is a short list below, each with why it cannot leak: mostly a
subquery that narrows a queryset already scoped, or rows of an object already fetched through
``for_user()``. Entries name the app and the chain's start, not the file, so moving a view keeps its entry.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "teams", "accounts", "audit", "attendance", "assessment", "funding", "training", "worklog"]
APPS += ["dashboard", "oversight", "demo"]
VIEW_NAME = re.compile(r"^(views|api|\w+_views|\w+_api)$")
MANAGERS = {"objects", "_default_manager", "_base_manager"}

# (app, "Model.objects.<first call>") → why the query cannot reach a row outside the user's jurisdiction.
ALLOWED: dict[tuple[str, str], str] = {
    ("teams", "Membership.objects.filter"): (
        "the cadre list's filters by unit and role narrow Cadre.objects.for_user(...) (pk__in subqueries); "
        "a team's size counts postings of a team already fetched through for_user (a number, no person)"
    ),
    ("teams", "Membership.objects.active_on"): "the cadre list's role and serving filters: pk__in subqueries "
    "narrowing Cadre.objects.for_user(...)",
    ("audit", "ContentType.objects.get_for_models"): "content types name models, not records of anyone",
    ("assessment", "AssessmentEntry.objects.filter"): "the entries of a page or an entry whose pks come "
    "from AssessmentEntry.objects.for_user(...)",
    ("assessment", "Membership.objects.active_on"): "a cadre's own postings (filtered by user.cadre_id)",
    ("assessment", "Membership.objects.filter"): "the postings of the team of an entry fetched through "
    "for_user (the successors a recall may name)",
    ("training", "Cadre.objects.in_bulk"): "the names of the cadres an import fetched through for_user "
    "already matched",
    ("worklog", "Household.objects.filter"): "the households of the village of the user's own posting "
    "(Membership.objects.for_user) or of a log entry fetched through for_user",
    ("worklog", "Cadre.objects.filter"): "cadres serving in postings of Membership.objects.for_user(...) "
    "(a pk__in subquery)",
}


def view_modules() -> Iterator[tuple[str, Path]]:
    for app in APPS:
        if not (ROOT / app).is_dir():
            continue
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" not in parts and any(VIEW_NAME.match(part) for part in parts[1:]):
                yield app, path


def unscoped(source: str) -> list[tuple[int, str]]:
    """(line, "Model.objects.<first call>") of each chain that never passes through ``.for_user(``,
    and (line, "get_object_or_404(Model)") of each lookup given a model."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id[:1].isupper()
        ):
            chain: list[str] = []
            current: ast.AST = node
            while True:
                parent = parents.get(current)
                if isinstance(parent, ast.Attribute) and parent.value is current:
                    chain.append(parent.attr)
                elif not (isinstance(parent, ast.Call) and parent.func is current):
                    break
                current = parent
            if "for_user" in chain or chain[:1] == ["none"]:
                continue
            found.append((node.lineno, f"{node.value.id}.{node.attr}.{chain[0] if chain else ''}"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("get_object_or_404", "get_list_or_404")
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()
        ):
            found.append((node.lineno, f"{node.func.id}({node.args[0].id})"))
    return sorted(found)


def _findings() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for app, path in view_modules():
        for line, chain in unscoped(path.read_text(encoding="utf-8")):
            found.setdefault((app, chain), []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_views_and_apis_query_through_for_user() -> None:
    unlisted = {key: where for key, where in _findings().items() if key not in ALLOWED}
    assert unlisted == {}, "query through .for_user(user), or list the chain in ALLOWED with why"


def test_every_allowed_entry_is_still_needed() -> None:
    assert sorted(set(ALLOWED) - set(_findings())) == []


def test_every_app_with_pages_is_read() -> None:
    apps_read = {app for app, _ in view_modules()}
    with_urls = {app for app in APPS if (ROOT / app / "urls.py").is_file()}
    assert with_urls and with_urls <= apps_read


def test_the_scanner_sees_an_unscoped_query() -> None:
    source = """
def view(request, pk):
    a = Team.objects.filter(pk=pk).first()
    b = Team.objects.for_user(request.user).filter(pk=pk).first()
    c = Team.objects.none()
    d = get_object_or_404(Team, pk=pk)
    e = get_object_or_404(Team.objects.for_user(request.user), pk=pk)
    f = Team._default_manager.get(pk=pk)
    g = Team.objects.select_related("village").for_user(request.user)
"""
    assert unscoped(source) == [
        (3, "Team.objects.filter"),
        (6, "get_object_or_404(Team)"),
        (8, "Team._default_manager.get"),
    ]

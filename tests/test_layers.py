"""Dependencies point down, and no module imports itself back at load time.

Every first-party module's imports are read from its source (no Django needed): the ones at the top of
the module, the ones inside functions (a "lazy" import is a dependency all the same) and the ones only a
type checker reads. The layers, lowest first:

    core
    accounts.models, accounts.typing      the user model and the request type every app names
    teams                                 regions, villages, units, cadres, teams, rules, scoping
    accounts, audit                       logins, tokens and user pages; the audit trail (read teams)
    attendance                            leave and attendance days
    assessment, funding, training, worklog
    dashboard, oversight, demo            pages over every app; the demo command assembles every app
    config                                settings, the URL tree, Celery

Within one layer, apps may use each other; the cycle test below keeps that one-way. ``accounts`` is
split because teams and accounts are intertwined at model level: the teams models name the user model
(created_by, the jurisdiction of a login) while the user model points at teams by string
(``"teams.Region"``), and the account pages and services work on teams' regions and units. So
``teams`` may import ``accounts.models`` and ``accounts.typing`` only, and the rest of ``accounts``
builds on ``teams``. ``audit`` records every app's rows, but learns of them through the model registry
and the rows themselves, never by importing an app above it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Module prefix → layer (lowest 0). The longest matching prefix wins.
LAYERS: dict[str, int] = {
    "core": 0,
    "accounts.models": 1,
    "accounts.typing": 1,
    "teams": 2,
    "accounts": 3,
    "audit": 3,
    "attendance": 4,
    "assessment": 5,
    "funding": 5,
    "training": 5,
    "worklog": 5,
    "dashboard": 6,
    "oversight": 6,
    "demo": 6,
    "config": 7,
}
APPS = sorted({name.split(".")[0] for name in LAYERS})


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    # Run when the importer is loaded: at module level (or in a class body), not under TYPE_CHECKING.
    at_load: bool

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}"


def _module_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for app in APPS:
        if not (ROOT / app).is_dir():
            continue
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _module_files()


def _first_party(name: str) -> str | None:
    """The longest first-party module ``name`` names (``teams.models.Region`` → ``teams.models``)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(node: ast.AST) -> list[ast.stmt]:
    """The statements directly inside ``node`` (an except clause's or a match case's too)."""
    found: list[ast.stmt] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt):
            found.append(child)
        elif isinstance(child, ast.excepthandler | ast.match_case):
            found.extend(c for c in ast.iter_child_nodes(child) if isinstance(c, ast.stmt))
    return found


def _walk(nodes: list[ast.stmt], at_load: bool) -> Iterator[tuple[ast.stmt, bool]]:
    """Every statement, with whether it runs when the module is loaded."""
    for node in nodes:
        yield node, at_load
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _walk(node.body, False)
        elif isinstance(node, ast.If):
            yield from _walk(node.body, at_load and not _is_type_checking(node.test))
            yield from _walk(node.orelse, at_load)
        else:
            yield from _walk(_statements(node), at_load)


def _imports(module: str, path: Path) -> list[Import]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for node, at_load in _walk(ast.parse(path.read_text(encoding="utf-8")).body, True):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from pkg import sub`` loads pkg and, when sub is a module, pkg.sub too.
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            resolved = _first_party(target)
            if resolved is not None and resolved != module:
                found.append(Import(module, resolved, node.lineno, at_load))
    return list(dict.fromkeys(found))


IMPORTS = [imp for module, path in MODULES.items() for imp in _imports(module, path)]


def layer(module: str) -> int:
    parts = module.split(".")
    while parts:
        if ".".join(parts) in LAYERS:
            return LAYERS[".".join(parts)]
        parts.pop()
    raise AssertionError(f"{module} is in no layer: add its app to LAYERS")


def test_every_app_has_a_layer() -> None:
    settings_text = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    ours = [p.name for p in ROOT.iterdir() if (p / "apps.py").is_file()]
    assert ours, "no app found"
    for app in ours:
        assert app in LAYERS, f"the app {app} is in no layer"
        assert f'"{app}"' in settings_text or f"'{app}'" in settings_text or f'"{app}.' in settings_text


def test_dependencies_point_down() -> None:
    upward = [str(imp) for imp in IMPORTS if layer(imp.imported) > layer(imp.importer)]
    assert upward == []


def test_the_reader_sees_every_kind_of_import() -> None:
    """The reader itself: a lazy import and a type-only import are found, and not counted as loaded."""
    mechanism = [i for i in IMPORTS if i.importer == "teams.scoping.mechanism"]
    assert any(i.imported == "accounts.models" and not i.at_load for i in mechanism)
    apps = [i for i in IMPORTS if i.importer == "teams.apps"]
    assert any(i.imported == "teams.scoping.resolver" and not i.at_load for i in apps)
    resolver = [i for i in IMPORTS if i.importer == "teams.scoping.resolver"]
    assert any(i.imported == "teams.models" and i.at_load for i in resolver)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) in MODULES]


def test_no_import_cycle_at_load_time() -> None:
    """A module imported at load time loads its packages first; a package importing its own submodule
    (``__init__`` re-exporting) is the package being built, not a cycle."""
    edges: dict[str, set[str]] = {}
    for imp in IMPORTS:
        if not imp.at_load:
            continue
        for target in [*_parents(imp.imported), imp.imported]:
            if target != imp.importer and not imp.importer.startswith(target + "."):
                edges.setdefault(imp.importer, set()).add(target)
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

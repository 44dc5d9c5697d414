"""Imports run one way, as docs/architecture.md draws them ("Layers"): an app may
import only apps on the floors below its own. Every import counts, at the top of a
module or inside a function, and so does loading a module or model by name in code
(`import_module("events.models")`, `apps.get_model("events", "EventPage")`): dodging
an import is a dependency still. Declarations that name a model for Wagtail or Django
to resolve (page-tree rules, foreign keys, a chooser's page type) are not imports and
are allowed, as the document says. Migrations and tests are left out; the project
package (radicalkindness/, configuration) may import any app.

The floors are read from the document itself, so the picture and the rule are one."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps as installed_apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOC = ROOT / "docs" / "architecture.md"


def project_apps():
    return sorted(
        config.name
        for config in installed_apps.get_app_configs()
        if Path(config.path).parent == ROOT
    )


def read_floors(text):
    """The fenced block under '## Layers', top floor first: each line names the apps on
    one floor ("home · search"), then, after two spaces, what the floor is for."""
    section = text.split("\n## Layers\n", 1)[1]
    block = section.split("```", 2)[1]
    floors = []
    for line in block.splitlines()[1:]:
        names = re.split(r"\s{2,}", line.strip())[0]
        if names and names not in {"↓", "|"}:
            floors.append(names.split(" · "))
    return floors


def floor_numbers(floors):
    """{app: its floor}, the ground floor being 0."""
    return {app: len(floors) - 1 - i for i, floor in enumerate(floors) for app in floor}


def named_modules(node):
    """Modules a call asks for by name: import_module("x.y"), __import__("x"),
    get_model("x", "Model") or get_model("x.Model")."""
    if not isinstance(node, ast.Call) or not node.args:
        return []
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    first = node.args[0]
    if name in {"import_module", "__import__", "get_model"} and isinstance(first, ast.Constant):
        if isinstance(first.value, str):
            return [first.value]
    return []


def imported_modules(source):
    """Every module `source` imports or asks for, wherever in the file it does so."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
        else:
            found += named_modules(node)
    return found


def app_sources(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def import_edges(apps):
    """{(importer, imported): [where]} between the project's apps."""
    edges = {}
    for app in apps:
        for path in app_sources(app):
            for module in imported_modules(path.read_text(encoding="utf-8")):
                target = module.split(".")[0]
                if target in apps and target != app:
                    edges.setdefault((app, target), []).append(str(path.relative_to(ROOT)))
    return edges


@pytest.fixture(scope="module")
def floors():
    return read_floors(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def edges():
    return import_edges(project_apps())


def test_the_checker_sees_every_kind_of_import():
    source = """
import events.models
from resources.models import LibraryItem
from . import sibling

def later():
    from projects.models import PartnerPage
    module = importlib.import_module("home.models")
    return apps.get_model("people", "Person"), apps.get_model("search.Query")
"""
    found = sorted(module.split(".")[0] for module in imported_modules(source))
    assert found == ["events", "home", "people", "projects", "resources", "search"]


def test_the_diagram_places_every_app_once(floors):
    placed = [app for floor in floors for app in floor]
    assert sorted(placed) == project_apps(), "every app on exactly one floor, and no other"


def test_the_ground_and_top_floors(floors, edges):
    apps = project_apps()
    assert floors[-1] == ["core"], "core is the ground floor, alone"
    assert "people" in floors[-2], "people sits directly on core"
    assert floors[0] == ["seeding"], "seeding is the top floor, alone"
    importers = {app: {b for a, b in edges if a == app} for app in apps}
    assert importers["core"] == set()
    assert importers["people"] <= {"core"}
    # Seeding fills every app that holds data; search holds none.
    holding_data = {
        app
        for app in apps
        if app != "seeding" and list(installed_apps.get_app_config(app).get_models())
    }
    assert importers["seeding"] >= holding_data
    assert [app for app in apps if importers[app] >= holding_data - {app}] == ["seeding"]


def test_imports_run_down_the_floors(floors, edges):
    floor = floor_numbers(floors)
    upward = [
        f"{a} (floor {floor[a]}) imports {b} (floor {floor[b]}) in {', '.join(sorted(set(where)))}"
        for (a, b), where in sorted(edges.items())
        if floor[b] >= floor[a]
    ]
    assert not upward, "imports that break docs/architecture.md:\n" + "\n".join(upward)
    # The rule implies it; say it plainly: no two apps import each other, even through others.
    assert not cycles(edges)


def cycles(edges):
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in list(graph):
        if node not in state:
            visit(node, [node])
    return found

"""The layer contract: imports run one way, core < people < projects <
transfer < notifications < labsite, templates included.

Python: every import of every module of an app, its tests included (at
module level, inside a function, under ``if TYPE_CHECKING``), read with
``ast`` without importing anything. Templates: a ``{% load %}`` of a tag
library counts as an import of the app whose ``templatetags/`` holds it, an
``{% extends %}`` or ``{% include %}`` of ``"<app>/..."`` as an import of that
app; a template under ``templates/<app>/`` belongs to that app. Migrations are
left out: they name other apps' migrations by design.
"""

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "people", "projects", "transfer", "notifications", "labsite")
SKIPPED_DIRS = frozenset({"migrations", "__pycache__"})

LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
TEMPLATE_REF = re.compile(r"""{%\s*(?:extends|include)\s+["']([^"'/]+)/""")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    source: str
    target: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source} ({self.what}) reaches up to {self.target}"


def rank(app: str) -> int:
    return LAYERS.index(app)


def _is_upward(source: str, target: str | None) -> bool:
    return target is not None and target in LAYERS and rank(target) > rank(source)


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(code: str, module: str, *, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every import in ``code``, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])
            else:
                yield node.lineno, node.module or ""


def python_violations(app: str, files: Iterable[Path], root: Path = ROOT) -> Iterator[Violation]:
    for path in files:
        module = _module_name(path, root)
        for line, name in imported_modules(path.read_text(), module, is_package=path.name == "__init__.py"):
            target = name.partition(".")[0]
            if _is_upward(app, target):
                yield Violation(str(path.relative_to(root)), line, app, target, f"import {name}")


def template_violations(
    app: str, files: Iterable[Path], libraries: dict[str, str], root: Path = ROOT
) -> Iterator[Violation]:
    for path in files:
        for number, text in enumerate(path.read_text().splitlines(), start=1):
            for match in LOAD.finditer(text):
                words = match.group(1).split()
                for name in [words[-1]] if "from" in words else words:
                    if _is_upward(app, libraries.get(name)):
                        yield Violation(str(path.relative_to(root)), number, app, libraries[name], f"load {name}")
            for match in TEMPLATE_REF.finditer(text):
                if _is_upward(app, match.group(1)):
                    yield Violation(str(path.relative_to(root)), number, app, match.group(1), match.group(0))


def _walk(folder: Path, pattern: str) -> Iterator[Path]:
    for path in sorted(folder.rglob(pattern)):
        if not SKIPPED_DIRS.intersection(path.relative_to(folder).parts):
            yield path


def tag_libraries(root: Path = ROOT) -> dict[str, str]:
    """Each template tag library of the apps, by name, with the app that owns it."""
    return {
        path.stem: app
        for app in LAYERS
        for path in sorted((root / app / "templatetags").glob("*.py"))
        if path.stem != "__init__"
    }


def violations(root: Path = ROOT) -> list[Violation]:
    libraries = tag_libraries(root)
    found: list[Violation] = []
    for app in LAYERS:
        found += python_violations(app, _walk(root / app, "*.py"), root)
        templates = [*_walk(root / "templates" / app, "*"), *_walk(root / app / "templates", "*")]
        found += template_violations(app, [path for path in templates if path.is_file()], libraries, root)
    return found

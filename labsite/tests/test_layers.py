"""The layer contract (labsite/layers.py): nothing imports, loads or includes
upward along core < people < projects < transfer < notifications < labsite."""

from pathlib import Path

from labsite import layers


def test_no_app_reaches_up_a_layer():
    found = layers.violations()
    assert not found, "\n".join(str(violation) for violation in found)


def _app(root: Path, app: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / app / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_checker_catches_an_upward_import_in_every_form(tmp_path):
    _app(tmp_path, "transfer", {"__init__.py": "", "selectors.py": "", "templatetags/transfer_tags.py": ""})
    _app(
        tmp_path,
        "projects",
        {
            "__init__.py": "",
            "models.py": "from core.models import Base\nfrom . import selectors\n",
            "views.py": "import transfer.selectors\n",
            "services.py": "def f():\n    from transfer import selectors\n",
            "forms.py": "import typing\nif typing.TYPE_CHECKING:\n    from transfer.models import Innovation\n",
            "migrations/0001_initial.py": "import transfer.models\n",
            "tests/test_views.py": "from projects.models import Project\nfrom transfer.tests.scenario import build\n",
        },
    )
    _app(tmp_path, "core", {"__init__.py": "", "admin_site.py": "from people.roles import is_operations\n"})
    found = {(v.path, v.line, v.target) for v in layers.violations(tmp_path)}
    assert found == {
        ("projects/views.py", 1, "transfer"),
        ("projects/services.py", 2, "transfer"),
        ("projects/forms.py", 3, "transfer"),
        ("projects/tests/test_views.py", 2, "transfer"),
        ("core/admin_site.py", 1, "people"),
    }


def test_the_checker_catches_an_upward_template_load_extends_or_include(tmp_path):
    _app(tmp_path, "transfer", {"__init__.py": "", "templatetags/__init__.py": "", "templatetags/transfer_tags.py": ""})
    _app(tmp_path, "people", {"__init__.py": "", "templatetags/positions.py": ""})
    _app(
        tmp_path,
        "templates",
        {
            "projects/project_detail.html": (
                '{% load i18n positions %}{% include "people/_field.html" %}\n'
                "{% load i18n transfer_tags %}\n"
                '{% include "transfer/project_innovations.html" with x=1 %}\n'
                "{% load innovation from transfer_tags %}\n"
            ),
            "people/home.html": "{% extends 'labsite/base.html' %}\n",
        },
    )
    found = {(v.path, v.line, v.target) for v in layers.violations(tmp_path)}
    assert found == {
        ("templates/projects/project_detail.html", 2, "transfer"),
        ("templates/projects/project_detail.html", 3, "transfer"),
        ("templates/projects/project_detail.html", 4, "transfer"),
        ("templates/people/home.html", 1, "labsite"),
    }


def test_no_test_module_imports_another():
    """Tests share helpers (factories, worlds, matrices), fixtures (conftest.py)
    and core/testing.py; never another test module or a conftest."""
    found = []
    for app in layers.LAYERS:
        for path in sorted((layers.ROOT / app).rglob("tests/*.py")):
            module = ".".join(path.relative_to(layers.ROOT).with_suffix("").parts)
            for line, name in layers.imported_modules(path.read_text(), module):
                last = name.rpartition(".")[2]
                if ".tests." in f".{name}" and (last.startswith("test_") or last == "conftest"):
                    found.append(f"{path.relative_to(layers.ROOT)}:{line}: {name}")
    assert found == []

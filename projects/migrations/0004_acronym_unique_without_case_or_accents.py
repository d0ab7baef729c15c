"""Acronyms compare without case or accents, and are unique among the projects a
person sees: the database holds it for the non-confidential projects."""

from typing import Any

from django.db import migrations, models
from django.db.models import Q

import projects.models
from projects.models import acronym_key


def fill_keys(apps: Any, schema_editor: Any) -> None:
    Project = apps.get_model("projects", "Project")
    seen: dict[str, str] = {}
    for project in Project.objects.order_by("pk"):
        project.acronym_key = acronym_key(project.acronym)
        project.save(update_fields=["acronym_key"])
        if project.confidential:
            continue
        if project.acronym_key in seen:
            raise RuntimeError(
                f"Projects {seen[project.acronym_key]!r} and {project.acronym!r} differ only by case or accents: "
                "rename one before migrating."
            )
        seen[project.acronym_key] = project.acronym


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_members_leads_first")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="acronym_key",
            field=projects.models.AcronymKeyField(db_index=True, default="", editable=False, max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="project",
            name="acronym",
            field=models.CharField(max_length=30, verbose_name="acronym"),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.UniqueConstraint(
                condition=Q(confidential=False),
                fields=("acronym_key",),
                name="project_acronym_unique_when_open",
                violation_error_message="A project with this acronym already exists.",
            ),
        ),
    ]

from django.db import migrations, models

STEPS = ("team", "department")


def fill(apps, schema_editor):
    """Each request's endorsements from its decisions: one UPDATE … FROM per step
    on PostgreSQL (a hash join, seconds for a hundred thousand requests)."""
    if schema_editor.connection.vendor == "postgresql":
        for step in STEPS:
            schema_editor.execute(
                f"UPDATE people_position AS p SET {step}_decided = true "  # nosec B608  # a fixed step name
                "FROM people_decision AS d WHERE d.position_id = p.id AND d.step = %s",
                [step],
            )
        return
    Position = apps.get_model("people", "Position")
    Decision = apps.get_model("people", "Decision")
    for step in STEPS:
        decided = Decision.objects.filter(step=step).values("position_id")
        Position.objects.filter(pk__in=decided).update(**{f"{step}_decided": True})


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="position",
            name="team_decided",
            field=models.BooleanField(
                db_default=False, default=False, editable=False, verbose_name="team step decided"
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="department_decided",
            field=models.BooleanField(
                db_default=False, default=False, editable=False, verbose_name="department step decided"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]

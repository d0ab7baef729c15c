from core.indexes import AddIndexConcurrently
from django.db import migrations, models

PENDING = models.Q(("status__in", ("submitted", "endorsed")))


class Migration(migrations.Migration):
    # The indexes are built without locking the table against writes (CREATE INDEX
    # CONCURRENTLY), which cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("people", "0006_position_endorsements_decided"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="position",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        models.Q(("status", "draft"), _negated=True),
                        models.Q(("department_decided", False), ("team_decided", False)),
                        _connector="OR",
                    ),
                    models.Q(
                        models.Q(("status__in", ["endorsed", "approved"]), _negated=True),
                        models.Q(("department_decided", True), ("team_decided", True)),
                        _connector="OR",
                    ),
                ),
                name="position_endorsements_follow_status",
            ),
        ),
        AddIndexConcurrently(
            model_name="position",
            index=models.Index(condition=PENDING, fields=["waiting_since", "id"], name="position_pending_waiting_idx"),
        ),
        AddIndexConcurrently(
            model_name="position",
            index=models.Index(
                condition=PENDING, fields=["kind", "waiting_since", "id"], name="position_pending_kind_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="position",
            index=models.Index(
                condition=PENDING, fields=["kind", "-created_at", "-id"], name="position_pending_created_idx"
            ),
        ),
    ]

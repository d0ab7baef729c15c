from core.indexes import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking the table against writes (CREATE INDEX CONCURRENTLY),
    # which cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("transfer", "0003_list_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="innovation",
            index=models.Index(fields=["stage", "-stage_changed_at", "-id"], name="innovation_board_idx"),
        ),
    ]

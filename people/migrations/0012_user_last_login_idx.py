from django.db import migrations, models

from core.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    # Built without locking the table against writes (CREATE INDEX CONCURRENTLY),
    # which cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("people", "0011_position_routing"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="user",
            index=models.Index(fields=["last_login", "id"], name="user_last_login_idx"),
        ),
    ]

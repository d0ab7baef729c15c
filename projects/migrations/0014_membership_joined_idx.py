from django.db import migrations, models

from core.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    # Built without locking the table against writes (CREATE INDEX CONCURRENTLY),
    # which cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("projects", "0013_datarequest_open_idx"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="membership",
            index=models.Index(fields=["joined_at"], name="membership_joined_idx"),
        ),
    ]

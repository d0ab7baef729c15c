from django.db import migrations, models

from core.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    # Built without locking the table against writes (CREATE INDEX CONCURRENTLY),
    # which cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("projects", "0008_project_title_trigrams"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="membership",
            index=models.Index(fields=["user", "project", "role"], name="membership_user_project_idx"),
        ),
    ]

from django.db import migrations, models

from core.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    # Built without locking the table against writes (CREATE INDEX CONCURRENTLY),
    # which cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("projects", "0012_attachment_uploader_set_null"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="dataaccessrequest",
            index=models.Index(
                condition=models.Q(("project_confidential", False)), fields=["id"], name="datarequest_open_idx"
            ),
        ),
    ]

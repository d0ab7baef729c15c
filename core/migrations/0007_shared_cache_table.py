"""The table of the cache the web processes share (CACHES in labsite/settings/base.py)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_security_event_identity_kinds")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

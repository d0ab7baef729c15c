from django.db import migrations, models


def copy_confidentiality(apps, schema_editor):
    DataAccessRequest = apps.get_model("projects", "DataAccessRequest")
    DataAccessRequest.objects.filter(project__confidential=True).update(project_confidential=True)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0009_membership_user_project_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataaccessrequest",
            name="project_confidential",
            field=models.BooleanField(default=False, editable=False, verbose_name="in a confidential project"),
        ),
        migrations.RunPython(copy_confidentiality, migrations.RunPython.noop, elidable=True),
    ]

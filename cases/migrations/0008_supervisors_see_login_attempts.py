"""Supervisors see every login attempt (django-axes' records) in the admin, and may lift a lockout."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMS = [
    ("axes", "accessattempt", ("view", "delete")),
    ("axes", "accesslog", ("view",)),
    ("axes", "accessfailurelog", ("view",)),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    supervisor, _ = Group.objects.get_or_create(name="Supervisor")
    for app_label, model, actions in PERMS:
        for action in actions:
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=f"{action}_{model}").first()
            if perm:
                supervisor.permissions.add(perm)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for supervisor in Group.objects.filter(name="Supervisor"):
        supervisor.permissions.remove(*Permission.objects.filter(content_type__app_label="axes"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_case_drafts"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The two newsroom roles as Django groups, with the model permissions admin shows for them."""

from django.db import migrations

FACT_CHECKER_PERMISSIONS = [
    "view_article", "add_article", "view_claim", "change_claim", "view_evidence", "add_evidence",
    "change_evidence", "view_lookup", "add_lookup", "view_verdict", "add_verdict", "change_verdict",
    "view_comment", "add_comment", "view_auditentry", "view_outlet", "view_claimrelation",
]
EDITOR_EXTRA_PERMISSIONS = ["delete_evidence", "change_article", "view_webhooksubscription",
                            "view_webhookdelivery", "view_factcheck", "add_factcheck"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Model = apps.get_model("claims", "Claim")  # makes sure content types exist before we look them up
    del Model
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("claims"), verbosity=0)
    claims_types = ContentType.objects.filter(app_label="claims")
    perms = Permission.objects.filter(content_type__in=claims_types)
    fact_checkers, _ = Group.objects.get_or_create(name="Fact-checkers")
    editors, _ = Group.objects.get_or_create(name="Editors")
    fact_checkers.permissions.set(perms.filter(codename__in=FACT_CHECKER_PERMISSIONS))
    editors.permissions.set(perms.filter(codename__in=FACT_CHECKER_PERMISSIONS + EDITOR_EXTRA_PERMISSIONS))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Fact-checkers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

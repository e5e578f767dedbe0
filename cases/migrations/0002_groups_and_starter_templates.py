"""The two roles, and a starter set of case templates (SOPs) drawn from the team's documents."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OWNERSHIP = "We are the owner, manufacturer, and hold Brand Registry for {brand}."

STARTER_TEMPLATES = [
    {
        "slug": "product-detail-change",
        "name": "Product detail change (title, bullets, images, description)",
        "channels": "SC",
        "precheck_required": True,
        "identifier_kinds": "asin",
        "click_path": "Seller Central > Help > Get Help and Resources > Products, listings, or inventory > "
        "the matching issue > try the self-help fixes > Contact an Associate",
        "subject_template": "Incorrect {detail} on ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nThe {detail} shown on the detail page for ASIN {asin} "
        "({marketplace}) does not match the content we submitted. {description}\n\n"
        "Our submitted content has been in place for more than a day. Please update the detail page so that it "
        "shows our content.\n\nThank you.",
        "tips": "Check Salesforce and Seller Central (Manage Inventory > ASIN edit) first. If they differed, make "
        "the change, press Update CA in Salesforce and give it a day before opening a case.",
        "default_priority": 3,
        "escalation_worthy": False,
        "position": 10,
    },
    {
        "slug": "listing-suppressed",
        "name": "Listing suppressed or removed",
        "channels": "SC",
        "identifier_kinds": "asin",
        "click_path": "Seller Central > Help > Get Help and Resources > Products, listings, or inventory > "
        "Listing is suppressed or inactive > Contact an Associate",
        "subject_template": "Listing suppressed for ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nOur listing for ASIN {asin} ({marketplace}) has been "
        "suppressed or removed. {description}\n\nPlease tell us what is needed to reinstate it, or reinstate it.\n\n"
        "Thank you.",
        "tips": "High priority: a suppressed listing does not sell. Escalate if the first answer is generic.",
        "default_priority": 2,
        "escalation_worthy": True,
        "position": 20,
    },
    {
        "slug": "asin-creation",
        "name": "ASIN creation",
        "channels": "SC",
        "identifier_kinds": "upc,sku",
        "click_path": "Seller Central > Help > Get Help and Resources > Products, listings, or inventory > "
        "Adding a product > My issue is not listed",
        "subject_template": "ASIN creation issue for UPC {identifier}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nWe are unable to create an ASIN for our product "
        "{identifiers} ({marketplace}). {description}\n\nPlease help us create the listing.\n\nThank you.",
        "tips": "No ASIN yet: give the UPC and/or SKU instead.",
        "default_priority": 3,
        "escalation_worthy": False,
        "position": 30,
    },
    {
        "slug": "brand-registry-technical-issue",
        "name": "Brand Registry technical issue",
        "channels": "BR",
        "identifier_kinds": "asin",
        "click_path": "Brand Registry > Support > Contact Brand Support > Technical Issue (e-mail or chat; no phone)",
        "subject_template": "Brand Registry technical issue on ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nWe need help with ASIN {asin} ({marketplace}). "
        "{description}\n\nThank you.",
        "tips": "Seller Central sometimes sends a case here. Brand Registry support has no phone line.",
        "default_priority": 3,
        "escalation_worthy": False,
        "position": 40,
    },
    {
        "slug": "catalog-error",
        "name": "Catalog error / wrong image",
        "channels": "both",
        "identifier_kinds": "asin",
        "click_path": "Seller Central > Help > Get Help and Resources > Products, listings, or inventory > "
        "Fix a product page > Contact an Associate",
        "subject_template": "Catalog error on ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nThe catalog shows incorrect information for ASIN {asin} "
        "({marketplace}). {description}\n\nPlease correct the detail page.\n\nThank you.",
        "tips": "Attach a screenshot of the wrong content: choose e-mail when there are attachments.",
        "default_priority": 3,
        "escalation_worthy": False,
        "position": 50,
    },
    {
        "slug": "fba-inventory-discrepancy",
        "name": "FBA inventory discrepancy",
        "channels": "SC",
        "identifier_kinds": "asin",
        "click_path": "Seller Central > Help > Get Help and Resources > Fulfillment by Amazon > "
        "Inventory > Contact an Associate",
        "subject_template": "FBA inventory discrepancy for ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nOur FBA inventory for ASIN {asin} ({marketplace}) does "
        "not match what we sent. {description}\n\nPlease investigate and reconcile the units.\n\nThank you.",
        "tips": "Give the shipment ID and the counts sent and received.",
        "default_priority": 3,
        "escalation_worthy": False,
        "position": 60,
    },
    {
        "slug": "policy-ip-complaint",
        "name": "Policy or IP complaint",
        "channels": "SC",
        "identifier_kinds": "asin",
        "click_path": "Seller Central > Performance > Account Health > the policy or IP notice > Contact an Associate",
        "subject_template": "Policy / IP complaint on ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nWe received a policy or intellectual-property complaint "
        "about ASIN {asin} ({marketplace}). {description}\n\nPlease review and remove the complaint.\n\nThank you.",
        "tips": "These affect account health: escalate if support does not act.",
        "default_priority": 2,
        "escalation_worthy": True,
        "position": 70,
    },
    {
        "slug": "account-health-warning",
        "name": "Account health warning",
        "channels": "SC",
        "identifier_kinds": "asin",
        "click_path": "Seller Central > Performance > Account Health > the warning > Contact an Associate",
        "subject_template": "Account health warning concerning ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nOur account received a warning concerning ASIN {asin} "
        "({marketplace}). {description}\n\nPlease review it and tell us what is needed.\n\nThank you.",
        "tips": "Urgent: consider phone support, and escalate early.",
        "default_priority": 1,
        "escalation_worthy": True,
        "position": 80,
    },
    {
        "slug": "other",
        "name": "Other",
        "channels": "both",
        "identifier_kinds": "asin",
        "click_path": "Seller Central > Help > Get Help and Resources > My issue is not listed",
        "subject_template": "{issue} — ASIN {asin}",
        "body_template": "Hello,\n\n" + OWNERSHIP + "\n\nWe need help with ASIN {asin} ({marketplace}). "
        "{description}\n\nThank you.",
        "tips": "",
        "default_priority": 3,
        "escalation_worthy": False,
        "position": 999,
    },
]

SUPERVISOR_PERMS = [
    ("cases", "brand", ("add", "change", "view")),
    ("cases", "casetemplate", ("add", "change", "view")),
    ("cases", "case", ("change", "view")),
    ("cases", "caseproduct", ("view",)),
    ("cases", "caseevent", ("view",)),
    ("cases", "attachment", ("view",)),
    ("cases", "alert", ("view",)),
    ("auth", "user", ("add", "change", "view")),
    ("auth", "group", ("view",)),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="Team member")
    supervisor, _ = Group.objects.get_or_create(name="Supervisor")
    for app_label, model, actions in SUPERVISOR_PERMS:
        for action in actions:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            ).first()
            if perm:
                supervisor.permissions.add(perm)
    CaseTemplate = apps.get_model("cases", "CaseTemplate")
    for data in STARTER_TEMPLATES:
        CaseTemplate.objects.update_or_create(slug=data["slug"], defaults=data)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Team member", "Supervisor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

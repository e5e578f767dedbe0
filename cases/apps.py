from django.apps import AppConfig
from django.db.models.signals import pre_save


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        from cases.text_guard import refuse_nul_characters

        for model in self.get_models():
            pre_save.connect(refuse_nul_characters, sender=model, dispatch_uid=f"refuse-nul-{model.__name__}")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"
    verbose_name = _("审计记录")

    def ready(self) -> None:
        from gongkai.audit import append_only, signals

        # After every migrate or flush the append-only triggers are there again (see append_only.py).
        post_migrate.connect(append_only.on_post_migrate, sender=self, dispatch_uid="audit_append_only")
        signals.connect()

from django.contrib.admin.apps import AdminConfig


class GongkaiAdminConfig(AdminConfig):
    """Django's admin with gongkai's site: opened by gongkai's permission functions."""

    default_site = "gongkai.workspace.admin_site.GongkaiAdminSite"

from django.db import migrations, models


def mark_the_public_website(apps, schema_editor):
    """Until now the template's one online form, 招商网 (code "website"), was the bureau's public website."""
    Form = apps.get_model("catalog", "Form")
    Form.objects.filter(code="website", is_online=True).update(public_only=True)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="form",
            name="public_only",
            field=models.BooleanField(
                default=False,
                help_text="勾选：只能用于向社会公开的事项（例如本局对外网站招商网）。",
                verbose_name="仅限向社会公开",
            ),
        ),
        migrations.RunPython(mark_the_public_website, migrations.RunPython.noop),
    ]

from django.db import migrations

from oasis.core.districts import SEOUL_DISTRICTS


def seed_districts(apps, schema_editor):
    District = apps.get_model("core", "District")
    for code, name_ko, name_en, row, col in SEOUL_DISTRICTS:
        District.objects.update_or_create(
            code=code,
            defaults={"name_ko": name_ko, "name_en": name_en, "tile_row": row, "tile_col": col},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed_districts, migrations.RunPython.noop)]

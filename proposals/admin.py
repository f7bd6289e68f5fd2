from django.contrib import admin

from proposals.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name_ko",
        "name_en",
        "slug",
        "threshold",
        "window_days",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name_en"]}

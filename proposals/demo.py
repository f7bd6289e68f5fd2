"""Demo categories (seed_demo)."""

from proposals.models import Category

DEMO_CATEGORIES = [
    ("transport", "교통", "Transport", "bus", "#1d5fa8"),
    ("environment", "환경", "Environment", "leaf", "#2e7d32"),
    ("welfare", "복지", "Welfare", "heart", "#b03a48"),
    ("safety", "안전", "Safety", "shield", "#8a5a00"),
    ("culture", "문화·관광", "Culture and tourism", "music", "#6a3fa0"),
    ("economy", "경제·일자리", "Economy and jobs", "briefcase", "#00695c"),
    ("housing", "주택·도시계획", "Housing and urban planning", "home", "#5d4037"),
    ("education", "교육", "Education", "book", "#283593"),
]


def seed(stdout) -> None:
    for position, (slug, name_ko, name_en, icon, colour) in enumerate(DEMO_CATEGORIES):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "icon": icon,
                "colour": colour,
                "position": position,
            },
        )
    stdout.write(f"  categories: {Category.objects.count()}")

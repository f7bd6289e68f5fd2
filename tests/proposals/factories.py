import datetime as dt
import io

import factory
from django.utils import timezone
from PIL import Image

from oasis.core.models import District
from proposals import search
from proposals.models import Category, Comment, Proposal, Stage
from tests.accounts.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_ko = factory.Sequence(lambda n: f"분야 {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    threshold = 50
    window_days = 30


def any_district() -> District:
    # Seeded by a data migration, but transactional tests flush it.
    return (
        District.objects.order_by("code").first()
        or District.objects.get_or_create(
            code="jongno", defaults={"name_ko": "종로구", "name_en": "Jongno-gu"}
        )[0]
    )


class ProposalFactory(factory.django.DjangoModelFactory):
    """An open proposal by default; `stage=Stage.DRAFT` for a draft. Indexed for
    search as the services index what they write."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Idea number {n}")
    summary = "A short summary of the idea."
    problem = "What is wrong today."
    solution = "What the city should do."
    benefit = "Who gains."
    language = "en"
    category = factory.SubFactory(CategoryFactory)
    district = factory.LazyFunction(any_district)
    author = factory.SubFactory(UserFactory)
    stage = Stage.OPEN
    threshold = factory.LazyAttribute(
        lambda o: None if o.stage == Stage.DRAFT else o.category.threshold
    )
    published_at = factory.LazyAttribute(
        lambda o: None if o.stage == Stage.DRAFT else timezone.now()
    )
    voting_ends_at = factory.LazyAttribute(
        lambda o: (
            None
            if o.stage == Stage.DRAFT
            else timezone.now() + dt.timedelta(days=o.category.window_days)
        )
    )

    @factory.post_generation
    def search_index(obj, create, extracted, **kwargs):
        if create:
            search.index_proposal(obj)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")


def image_bytes(
    fmt: str = "JPEG", size=(64, 48), colour=(200, 30, 30), **save_options
) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and colour and len(colour) == 4 else "RGB"
    Image.new(mode, size, colour).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()

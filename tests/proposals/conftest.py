import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_factoryboy import register

from tests.proposals.factories import (
    CategoryFactory,
    CommentFactory,
    ProposalFactory,
    image_bytes,
)

register(CategoryFactory)
register(ProposalFactory)
register(CommentFactory)


@pytest.fixture
def draft(proposal_factory, user):
    return proposal_factory(author=user, stage="draft")


@pytest.fixture
def open_proposal(proposal_factory, user):
    return proposal_factory(author=user, stage="open")


@pytest.fixture
def jpeg_upload():
    def make(name="photo.jpg", **kwargs):
        return SimpleUploadedFile(name, image_bytes("JPEG", **kwargs), "image/jpeg")

    return make

from tests.reviews.rules.conftest import scene  # noqa: F401  (a fixture)

import pytest

from app.municipalities.models import Malform


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


@pytest.fixture
def voss(make_municipality):
    return make_municipality("Voss", malform=Malform.nynorsk)

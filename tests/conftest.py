import os
from pathlib import Path

import pytest

from tests import factories

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("LAGESBILD_SHARED_DIR", PROJECT_DIR.parent / "shared"))
SAMPLE_PATH = SHARED_DIR / "samples" / "regional-rapport-2025-05-27.txt"
XSS_VECTORS_PATH = SHARED_DIR / "xss" / "vectors.json"
DEMO_FIXTURE_DIR = PROJECT_DIR / "fixtures"
TEST_DATA_DIR = Path(__file__).resolve().parent / "data"

# PostgreSQL-only tests belong to the `make test-postgres` pass (CI runs both), not to the SQLite one.
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore = ["test_postgres.py"]


def require_shared(path: Path) -> Path:
    """Shared files live outside the project (CI has them): skip, saying so, where they are absent."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have the shared folder beside the project.")
        pytest.skip(f"skipped: {path} is not here (it lives in ../shared/, outside the project)")
    return path


@pytest.fixture
def sample_path() -> Path:
    return require_shared(SAMPLE_PATH)


@pytest.fixture
def xss_vectors_path() -> Path:
    return require_shared(XSS_VECTORS_PATH)


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def series(home):
    return factories.make_series(home, title="Lägesbild vårdinformationssystem", slug="lagesbild")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """The change's transaction commits at the end of the block (the test itself never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_report(series):
    def make(**kwargs):
        kwargs.setdefault("series", series)
        return factories.make_report(**kwargs)

    return make


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    """Each test gets its own cache folder, so no test sees another's cached report."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


@pytest.fixture
def make_faq(home):
    def make(**kwargs):
        kwargs.setdefault("parent", home)
        return factories.make_faq(**kwargs)

    return make


@pytest.fixture
def faq(make_faq):
    """A published FAQ page with two categories; the answers hold plural and definite forms and å/ä/ö."""
    return make_faq(
        title="Frågor och svar om pausen",
        slug="fragor-och-svar",
        intro="<p>Svar på det medarbetare frågar oftast.</p>",
        body=[
            factories.faq_category(
                "Om pausen",
                [
                    factories.faq_question(
                        "Varför har införandet pausats?",
                        "<p>Styrgruppen vill först rätta felen som pilotenheterna rapporterat.</p>",
                    ),
                    factories.faq_question(
                        "Vad kostar pausen?",
                        "<p>Avgifterna till leverantören fortsätter enligt <b>avtalet</b>.</p>"
                        "<ul><li>Licenser</li><li>Drift</li></ul>",
                    ),
                ],
            ),
            factories.faq_category(
                "Utbildning",
                [
                    factories.faq_question(
                        "Ska jag gå utbildningen nu?",
                        '<p>Nej. Boka om via <a href="https://intranat.example.se/kurser">kurskatalogen</a>. '
                        "Återbud lämnas till din chef.</p>",
                    ),
                ],
            ),
        ],
    )

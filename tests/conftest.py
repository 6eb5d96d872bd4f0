import os
from pathlib import Path

import pytest

from tests import factories

# The outbox channels' fixtures (the PDF's, the pre-warm's): they import the delivery only where it
# is installed, so the plugin's own pass never does.
pytest_plugins = ["tests.pdf_fixtures", "tests.prewarm_fixtures"]

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("LAGESBILD_SHARED_DIR", PROJECT_DIR.parent / "shared"))
SAMPLE_PATH = SHARED_DIR / "samples" / "regional-rapport-2025-05-27.txt"
XSS_VECTORS_PATH = SHARED_DIR / "xss" / "vectors.json"
DEMO_FIXTURE_DIR = PROJECT_DIR / "fixtures"
TEST_DATA_DIR = Path(__file__).resolve().parent / "data"

# PostgreSQL-only tests belong to the `make test-postgres` pass (CI runs both), not to the SQLite one.
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore = [
        "site/test_postgres.py",
        "site/test_several_instances.py",
        "site/test_fault_publish_postgres.py",
        "site/test_production_server_postgres.py",
    ]


def require_shared(path: Path) -> Path:
    """Shared files live outside the project (CI has them): skip, saying so, where they are absent."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have the shared folder beside the project.")
        pytest.skip(f"skipped: {path} is not here (it lives in ../shared/, outside the project)")
    return path


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite's test database in a file, not in memory.

    An in-memory database is one connection that the live server's request threads and the test
    share (Django's LiveServerThread), and SQLite refuses concurrent use of a connection ("bad
    parameter or other API misuse") when a browser loads many widgets at once. A file gives every
    thread a connection of its own; WAL lets them read while one writes, and a test database needs
    no durability.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes():
    """Django's advice for tests: PBKDF2's 1.5 million rounds cost half a CPU-second for every user
    the tests make (the demo's team, admin_user) and every sign-in with a password. Servers that the
    tests start in a process of their own keep the site's hashers."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _test_transaction_kept_across_requests():
    """A request served in the test's own thread (WSGIHandler called directly, as schemathesis and
    the cache tests do) must not close the connection that holds the test's transaction: at a
    request's end Django closes a connection that is not in autocommit, and the test client avoids
    it only for its own requests. Outside a test transaction, connections close as they would."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    close_if_unusable_or_obsolete = BaseDatabaseWrapper.close_if_unusable_or_obsolete

    def close_unless_in_test_transaction(connection):
        if not connection.in_atomic_block:
            close_if_unusable_or_obsolete(connection)

    BaseDatabaseWrapper.close_if_unusable_or_obsolete = close_unless_in_test_transaction
    yield
    BaseDatabaseWrapper.close_if_unusable_or_obsolete = close_if_unusable_or_obsolete


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


DEMO_HOST = "lagesbild.example.se"


@pytest.fixture
def demo_reports(db, settings):
    """The demo site (fixtures/demo/, as `load_demo` loads it) on DEMO_HOST: its reports by slug."""
    from django.core.management import call_command

    from rapport_blocks.models import RapportPage

    settings.ALLOWED_HOSTS = [DEMO_HOST, "testserver"]
    call_command("load_demo", host=DEMO_HOST, port=443, stdout=open(os.devnull, "w"))
    return {page.slug: page for page in RapportPage.objects.live().order_by("compiled_at")}


# The edit of the demo's next report that the change-marking tests make: one bullet reworded,
# one added, one removed, in "Kommunikativ lägesbild"; everything else as in 2026-11-24.
DEMO_REWORDED = (
    "Medieintresset är fortsatt lågt; två frågor från lokalmedia har besvarats under veckan.",
    "Medieintresset är fortsatt lågt; tre frågor från lokalmedia har besvarats under veckan.",
)
DEMO_ADDED = "Ett nyhetsbrev till alla chefer skickas ut på fredag."
DEMO_REMOVED = "Lägesbilden publiceras varje tisdag på intranätet."
DEMO_UNTOUCHED = (
    "Medarbetare frågar främst om utbildning, och svaren har lagts in bland vanliga frågor och svar."
)


@pytest.fixture
def demo_next_draft(demo_reports):
    """The demo's next report as an editor makes it: a draft from 2026-11-24, edited (see DEMO_*)."""
    from rapport_blocks.admin.next_report import start_next_report

    draft = start_next_report(demo_reports["2026-11-24"], now=factories.stockholm(2026, 12, 1, 8, 30))

    def edit(html):
        html = html.replace(DEMO_REWORDED[0], DEMO_REWORDED[1])
        html = html.replace(f"<li>{DEMO_REMOVED}</li>", "")
        return html.replace("</ul>", f"<li>{DEMO_ADDED}</li></ul>")

    return factories.rewrite_section(draft, "Kommunikativ lägesbild", edit)


def use_mail_backend(settings, backend: str, **options) -> None:
    """The default mail backend for this test, in whichever form the Django version has
    (MAILERS or EMAIL_*: rapport_blocks.core.compat): options host, port, username, password, ..."""
    from rapport_blocks.core import compat

    for name, value in compat.mail_settings(backend, **options).items():
        setattr(settings, name, value)


@pytest.fixture
def mailbox(settings):
    """Sent e-mail stays in django.core.mail.outbox; the sender and contacts are the test's own."""
    from django.core import mail

    use_mail_backend(settings, "django.core.mail.backends.locmem.EmailBackend")
    settings.DEFAULT_FROM_EMAIL = "Lägesbild <lagesbild@example.se>"
    settings.LAGESBILD_EMAIL_REPLY_TO = ["kommunikation@example.se"]
    settings.LAGESBILD_EMAIL_UNSUBSCRIBE = "utskick@example.se"
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (tests/site/smtp_server.py), the site's default mailer."""
    from tests.site.smtp_server import SMTPServer

    server = SMTPServer().start()
    server.email_settings(settings)
    yield server
    server.stop()


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


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL a transactional test's flush does not reset the sequences, so the content
    types post_migrate recreates get new ids and the next test that restores the serialized
    database collides with them. Every `postgres` test that commits restores instead."""
    for item in items:
        database = item.get_closest_marker("django_db")
        if item.get_closest_marker("postgres") is None or database is None:
            continue
        if database.kwargs.get("transaction") and not database.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: a `postgres` test with django_db(transaction=True) also needs "
                "serialized_rollback=True, or the next test that restores the database fails"
            )


def pytest_sessionfinish(session, exitstatus):
    """The run's counts as JSON at LAGESBILD_PASS_RESULTS, for CI's table of the matrix's legs
    (noxfile.py): what each pass ran, as pytest's own closing line counts it."""
    target = os.environ.get("LAGESBILD_PASS_RESULTS")
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if not target or reporter is None or hasattr(session.config, "workerinput"):
        return
    import json

    counts = {key: len(reporter.stats.get(key, [])) for key in ("passed", "failed", "skipped", "error")}
    counts["warnings"] = len(reporter.stats.get("warnings", []))
    counts["exitstatus"] = int(exitstatus)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(json.dumps(counts) + "\n", encoding="utf-8")


@pytest.fixture
def subscribe(client, series):
    """Send the series' "Prenumerera" form as a visitor does; the answer after its redirect."""

    def send(address, *, to=None, **extra):
        target = to or series
        return client.post(f"{target.url}prenumerera/", {"address": address}, follow=True, **extra)

    return send

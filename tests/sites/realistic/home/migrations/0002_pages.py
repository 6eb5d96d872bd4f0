import uuid

from django.db import migrations


def create_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    StandardPage = apps.get_model("home.StandardPage")
    Locale = apps.get_model("wagtailcore.Locale")
    locale = Locale.objects.first()

    # Wagtail's initial page of type Page makes way for the site's home page.
    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="Startsida", draft_title="Startsida", slug="home", content_type=home_type,
        path="00010001", depth=2, numchild=1, url_path="/home/", live=True,
        intro="<p>Nyheter och stöd för regionens medarbetare.</p>", locale=locale, translation_key=uuid.uuid4(),
    )
    page_type, _ = ContentType.objects.get_or_create(model="standardpage", app_label="home")
    StandardPage.objects.create(
        title="Om regionen", draft_title="Om regionen", slug="om-regionen", content_type=page_type,
        path="000100010001", depth=3, numchild=0, url_path="/home/om-regionen/", live=True,
        body="<p>Regionen ansvarar för hälso- och sjukvården i länet.</p>", locale=locale,
        translation_key=uuid.uuid4(),
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]

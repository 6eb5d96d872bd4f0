"""The site's own tests: they pass before the plugin is installed and after (docs/install/check.py)."""

from django.conf import settings
from django.test import TestCase
from rest_framework.settings import api_settings
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page


class SiteTests(TestCase):
    def test_pages_render_in_the_container_with_breadcrumbs(self):
        html = self.client.get("/om-regionen/").content.decode()
        self.assertIn('<div class="container">\n    <h1>Om regionen</h1>', html)
        self.assertIn('<a href="/">Startsida</a>', html)

    def test_search_finds_a_page(self):
        from home.models import HomePage, StandardPage

        HomePage.objects.get().add_child(
            instance=StandardPage(title="Vårdval", body="<p>Välj vårdcentral i länet.</p>")
        )
        response = self.client.get("/sok/", {"query": "vårdcentral"})
        self.assertContains(response, "Vårdval")

    def test_the_api_v2_lists_the_pages_as_json(self):
        response = self.client.get("/api/v2/pages/", {"type": "home.StandardPage"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual([page["title"] for page in response.json()["items"]], ["Om regionen"])

    def test_the_api_refuses_anonymous_writes(self):
        page = Page.objects.get(slug="om-regionen")
        self.assertIn(self.client.post(f"/api/v2/pages/{page.pk}/").status_code, (401, 403, 405))

    def test_the_sites_rest_framework_settings_stand(self):
        self.assertEqual(
            settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"], "rest_framework.schemas.openapi.AutoSchema"
        )
        self.assertEqual([cls.__name__ for cls in api_settings.DEFAULT_RENDERER_CLASSES], ["JSONRenderer"])
        schema = PagesAPIViewSet().schema
        self.assertEqual(type(schema).__module__, "rest_framework.schemas.openapi")

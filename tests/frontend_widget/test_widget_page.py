"""/widget/: the widget on a simulated intranet page, with the snippets to copy; staff only."""

import html
import re


def test_anonymous_visitors_are_sent_to_log_in(client, settings):
    settings.DEBUG = False
    response = client.get("/widget/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_logged_in_non_staff_may_not_see_it(client, django_user_model, settings):
    settings.DEBUG = False
    client.force_login(django_user_model.objects.create_user("läsare"))
    assert client.get("/widget/").status_code == 403


def test_everyone_may_see_it_while_debug_is_on(client, settings, make_report):
    settings.DEBUG = True
    make_report()
    assert client.get("/widget/").status_code == 200


def test_staff_see_the_widget_and_the_snippets(client, django_user_model, make_report):
    report = make_report()
    client.force_login(django_user_model.objects.create_user("redaktor", is_staff=True))
    page = client.get("/widget/").content.decode()
    code = [html.unescape(block) for block in re.findall(r"<pre><code>(.*?)</code></pre>", page, re.S)]
    column, sidebar, iframe = code
    script = (
        '<script type="module" src="http://testserver/static/frontend_widget/lagesbild-widget.js"></script>'
    )
    fallback = f'<a href="http://testserver{report.url}">Senaste lägesbilden</a></lagesbild-widget>'
    assert column.splitlines() == [
        script,
        '<lagesbild-widget src="http://testserver/api/lagesbild/latest/" sections="all" detail="full" '
        'changes="mark" heading-level="3">' + fallback,
    ]
    assert sidebar.splitlines() == [
        script,
        '<lagesbild-widget src="http://testserver/api/lagesbild/latest/" detail="glance" changes="mark" '
        'heading-level="3" label="Lägesbilden i korthet" style="display:block;height:30em">' + fallback,
    ]
    for snippet in (column, sidebar):
        assert snippet in page, "the simulated intranet page uses the very snippets it shows"
    assert 'src="http://testserver/embed/lagesbild/latest/"' in iframe
    sandbox = re.search(r'sandbox="([^"]*)"', iframe).group(1).split()
    assert "allow-scripts" in sandbox and "allow-same-origin" not in sandbox
    assert "postMessage" not in iframe and "event.source === frame.contentWindow" in iframe


def test_without_any_report_the_fallback_link_is_the_site(client, django_user_model, home):
    client.force_login(django_user_model.objects.create_user("redaktor", is_staff=True))
    assert '<a href="http://testserver/">Senaste lägesbilden</a>' in html.unescape(
        client.get("/widget/").content.decode()
    )


def test_the_admin_menu_leads_staff_there(client, django_user_model, home):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.se", "x"))
    sidebar = client.get("/admin/").content.decode()
    assert '"name": "lagesbild-widget", "label": "Intran\\u00e4tswidget"' in sidebar
    assert '"url": "/widget/"' in sidebar

"""XSS through the admin's forms: every block field of a report and an FAQ, every snippet field.

The real Wagtail create views, posted as the admin posts them, so the forms' own cleaning runs; the
vectors reach every field the models have (enumerated from the blocks and forms, see xss_forms).
What the forms accept is published and read back on every output: the page, the API, the iframe
page, the feeds, the e-mail (both parts and its headers) and the e-mail's headers.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from rapport_blocks.models import DistributionList, LinkCollection, Person, RapportPage
from tests import factories
from tests.site import xss_forms as xf
from tests.site import xss_outputs as out
from tests.site.xss_checks import Figures, all_vectors, batches

pytestmark = pytest.mark.django_db

BATCH = 60  # vectors per report: one report, one FAQ and their snippets per batch
RECIPIENT = "mottagare@example.se"


def vector_batches():
    from tests.conftest import XSS_VECTORS_PATH

    if not XSS_VECTORS_PATH.exists():
        return [pytest.param(None, id="no-shared-corpus")]
    return [pytest.param(batch, id=f"batch{n}") for n, batch in enumerate(batches(all_vectors(), BATCH))]


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.se", "lösenord-123")
    client.force_login(user)
    return client


def post_until_valid(client, url, build, field_blocks, figures, path, fields=0):
    """Post `build()`'s form; on errors set the named fields back to their fallbacks and post again."""
    data, tree = build()
    carrying = [name for name, (value, fallback) in data.items() if value != fallback]
    for _attempt in range(6):
        response = client.post(url, xf.flat(to_form_data(data, tree, field_blocks)))
        if response.status_code == 302:
            break
        form = response.context["form"]
        changed = 0
        for name in list(form.errors):
            if name in field_blocks:
                errors = xf.stream_errors(response, name)
                changed += xf.fall_back(field_blocks[name], tree[name], errors)
            elif name in data and data[name][0] != data[name][1]:
                data[name] = (data[name][1], data[name][1])
                changed += 1
        block_errors = [(n, xf.stream_errors(response, n)) for n in form.errors if n in field_blocks]
        assert changed, (
            f"{path}: the form refuses its fallbacks: {form.errors.as_json()[:1500]} {block_errors}"
        )
    else:
        pytest.fail(f"{path}: still refused after 6 posts")
    carried = [leaf for leaf in xf.leaves(tree) if leaf.vector is not None]
    refused = sum(leaf.refused for leaf in carried) + sum(data[name][0] == data[name][1] for name in carrying)
    tried = len(carried) + len(carrying)
    figures.path(path, tried=tried, stored=tried - refused, refused=refused, fields=fields)
    return response


def to_form_data(data, tree, field_blocks):
    form = {name: value for name, (value, _fallback) in data.items()}
    for name, block in field_blocks.items():
        form[name] = xf.to_form(block, tree[name])
    return form


def plain_fields(model, vector):
    """Every plain field of the model's admin form: {name: (value, fallback)}."""
    form_class = (
        model.snippet_viewset.get_edit_handler().get_form_class()
        if hasattr(model, "snippet_viewset")
        else model.get_edit_handler().get_form_class()
    )
    found = {}
    for name, field in form_class.base_fields.items():
        if type(field).__name__ == "BlockField":
            continue
        value = xf.field_value(name, field, vector)
        if value is not None:
            found[name] = value
    return found, {n: f.block for n, f in form_class.base_fields.items() if type(f).__name__ == "BlockField"}


def create_snippet(client, figures, model, vector, per_vector: bool):
    """A snippet with `vector` in every field (each vector in a stream of its own: `per_vector`
    False puts the batch's vectors in one), through its admin create view; its pk.

    The plain fields are cleaned by the admin's own form class first, so that one POST per snippet
    is enough (what the form refuses falls back); the POST then runs the form again.
    """
    vectors = [vector] if per_vector else vector
    data, stream_fields = plain_fields(model, vectors[0])
    if not per_vector:  # text areas (no length limit) take the whole batch, a line each
        for name, field in model.snippet_viewset.get_edit_handler().get_form_class().base_fields.items():
            if name in data and data[name][0] == vectors[0] and getattr(field, "max_length", 0) is None:
                data[name] = ("\n".join(vectors), data[name][1])
    form_class = model.snippet_viewset.get_edit_handler().get_form_class()
    tree = {}
    for name, block in stream_fields.items():
        tree[name] = [item for v in vectors for item in xf.Builder(v, {}).value(block)]
    probe = form_class(data={**xf.flat(to_form_data(data, tree, stream_fields))})
    probe.is_valid()
    probe_refused = [name for name in probe.errors if name in data and data[name][0] != data[name][1]]
    for name in probe_refused:
        data[name] = (data[name][1], data[name][1])
    figures.path(
        f"admin: snippet {model.__name__}", tried=len(probe_refused), stored=0, refused=len(probe_refused)
    )
    url = reverse(model.snippet_viewset.get_url_name("add"))
    before = set(model.objects.values_list("pk", flat=True))
    post_until_valid(
        client, url, lambda: (data, tree), stream_fields, figures, f"admin: snippet {model.__name__}"
    )
    (pk,) = set(model.objects.values_list("pk", flat=True)) - before
    return pk


def report_form(vector, snippets, compiled_at, lists):
    data, stream_fields = plain_fields(RapportPage, vector)
    data["compiled_at"] = (compiled_at, compiled_at)
    data["slug"] = ("rapport", "rapport")  # the form names a new report after its date
    builder = xf.Builder(vector, snippets)
    body_block = stream_fields["body"]
    sections = [
        (name, variant)
        for name, child in body_block.child_blocks.items()
        for variant in builder.variants(child)
    ]
    return data, {"body": sections}, stream_fields, builder.fields


@pytest.mark.parametrize("vectors", vector_batches())
def test_every_report_and_snippet_field_through_the_admin(
    vectors, admin_client, series, mailbox, commit, xss_vectors_path, request, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000  # a report of 40 × 6 sections is a big form
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = ["127.0.0.1"]  # the webhook snippet's fallback address
    figures = Figures(f"admin forms: report and snippets [{request.node.callspec.id}]")
    baselines = out.Baselines(figures)
    clean = factories.make_report(series=series, compiled_at=factories.stockholm(2025, 5, 20))
    out.take_baselines(admin_client, baselines, report=clean)
    recipients = factories.make_distribution_list(name="Ledningen", addresses=[RECIPIENT])
    series.distribution_lists.set([recipients])
    series.save()

    # The snippets first, so the report can choose them: a person per vector (a report names
    # people one by one); a link collection and a distribution list per batch, whose streams and
    # text areas hold every vector (their names the batch's first).
    snippets = {model: None for model in get_snippet_models()}
    people = {vector: create_snippet(admin_client, figures, Person, vector, True) for vector in vectors}
    for model in snippets:
        if model is not Person:
            snippets[model] = create_snippet(admin_client, figures, model, vectors, False)
    lists = DistributionList.objects.filter(pk=snippets[DistributionList])
    assert lists.filter(active=True).exists()
    series.distribution_lists.add(*lists)

    # One report: every section kind once per vector, every field of it carrying the vector.
    data, tree, stream_fields = {}, {"body": []}, None
    fields = 0
    for vector in vectors:
        vector_data, vector_tree, stream_fields, fields = report_form(
            vector,
            {Person: people[vector], LinkCollection: snippets[LinkCollection]},
            "2025-05-27 08:30",
            None,
        )
        if not data:
            data = vector_data  # the page's own fields take the batch's first vector
        tree["body"] += vector_tree["body"]
    data["action-publish"] = ("action-publish", "action-publish")
    url = reverse("wagtailadmin_pages:add", args=("rapport_blocks", "rapportpage", series.pk))
    with commit():
        post_until_valid(
            admin_client, url, lambda: (data, tree), stream_fields, figures, "admin: report", fields
        )
    report = RapportPage.objects.live().get(compiled_at__date="2025-05-27")
    figures.vectors.update(vectors)

    found = out.report_outputs(admin_client, figures, baselines, report)
    assert mailbox, "the published report was e-mailed"
    for number, message in enumerate(mailbox):  # rendered once, addressed to each: parts checked once
        found += out.email(
            figures, message, RECIPIENT, parts=number == 0, links=out.email_links(report)
        )  # no vector became a recipient
    figures.write()
    assert not found, "\n".join(found[:40])

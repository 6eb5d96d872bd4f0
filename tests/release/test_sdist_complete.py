"""Nothing the wheel needs is missing from the sdist: templates, static files, catalogues, migrations.

The wheel pip builds from the sdist is compared, file by file, with one built straight from the
source; and every file version control holds of the two apps must be in it.
"""

from release import dist


def test_the_wheel_from_the_sdist_equals_the_wheel_from_the_source(built):
    from_sdist = dist.digests(dist.wheel_files(built.wheel))
    from_tree = dist.digests(dist.wheel_files(built.tree_wheel))
    assert sorted(from_tree.keys() - from_sdist.keys()) == []
    assert sorted(from_sdist.keys() - from_tree.keys()) == []
    assert sorted(name for name in from_tree if from_tree[name] != from_sdist[name]) == []


def test_the_wheel_holds_every_file_of_the_two_apps(built):
    names = set(dist.wheel_files(built.wheel))
    tracked = dist.tracked_package_files()
    assert sorted(name for name in tracked if name not in names) == []
    # Each kind a site needs at run time is among them.
    for app in dist.PACKAGES:
        assert f"{app}/locale/sv/LC_MESSAGES/django.mo" in names
        assert [name for name in names if name.startswith(f"{app}/templates/") and name.endswith(".html")]
        assert [name for name in names if name.startswith(f"{app}/static/")]
    assert "rapport_blocks/migrations/0001_initial.py" in names
    assert sorted({name.split("/")[0] for name in names if ".dist-info/" not in name}) == sorted(
        dist.PACKAGES
    )

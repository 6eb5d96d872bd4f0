from rapport_blocks.checks import presenter_setting


def test_a_presenter_that_cannot_be_imported_is_reported_at_start(settings):
    settings.RAPPORT_BLOCKS_PRESENTER = "frontend_widget.pages.no_such_presenter"
    assert [error.id for error in presenter_setting(None)] == ["rapport_blocks.E001"]


def test_a_presenter_that_is_not_callable_is_reported(settings):
    settings.RAPPORT_BLOCKS_PRESENTER = "frontend_widget.delivery.KEY_PREFIX"
    assert [error.id for error in presenter_setting(None)] == ["rapport_blocks.E002"]


def test_the_projects_presenter_and_no_presenter_pass(settings):
    assert presenter_setting(None) == []
    del settings.RAPPORT_BLOCKS_PRESENTER
    assert presenter_setting(None) == []

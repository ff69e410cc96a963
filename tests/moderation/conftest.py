from tests.moderation.factories import make_block, make_comment, make_idea, make_report  # noqa: F401

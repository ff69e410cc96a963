from tests.ideas.factories import make_comment, make_idea  # noqa: F401

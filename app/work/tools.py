"""The staff pages Mitt arbeid leads to: one list, so that no public page needs an
"Administer …" link. Labels are lazy (rendered in the reader's language)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.work.permissions import can_see_admin_tools, can_see_work


@dataclass(frozen=True)
class Tool:
    #: the endpoint, or the names it may have (the first registered one is used)
    endpoint: str | tuple[str, ...]
    label: object
    description: object
    #: who sees it: `can_see_work` (moderators and admins) or `can_see_admin_tools` (admins)
    allowed: object = can_see_admin_tools


#: in the order they are listed; an endpoint that is not registered is left out
TOOLS = [
    Tool("tenant.moderation.queue", _l("Moderation queue"),
         _l("Contributions waiting for approval, and reported ones."), can_see_work),
    Tool("tenant.moderation.blocks", _l("Blocked users"),
         _l("Who may not post here, and reporters whose reports do not count."), can_see_work),
    Tool("tenant.consultations.admin_index", _l("Consultations"),
         _l("Create, publish and conclude consultations; answers and exports.")),
    Tool("tenant.votes.admin_index", _l("Votes"),
         _l("Votes and participatory budgets, their projects and results.")),
    Tool("tenant.surveys.admin_index", _l("Surveys"),
         _l("Build, publish and embed surveys; results and downloads.")),
    Tool("tenant.ideas.themes", _l("Idea themes"),
         _l("The municipality's own themes beside the network's.")),
    Tool("tenant.experiences.admin_index", _l("Experiences"),
         _l("What the municipality learnt, shared with the network.")),
    Tool("tenant.sharing.admin_index", _l("From the network"),
         _l("What other members share, to copy as a draft.")),
    Tool("secretariat.cases", _l("Network cases"),
         _l("The network's consultations and votes, answered once per member.")),
    Tool("tenant.figures.participation", _l("Participation figures"),
         _l("Contributions and participants per month, theme and channel.")),
    Tool("tenant.municipalities.admin", _l("Settings"),
         _l("Languages, moderation mode, web site for embedding, contacts.")),
    Tool("tenant.municipalities.identity", _l("Appearance"),
         _l("Logo, colour, header image and welcome text on the home page.")),
    Tool("tenant.moderation.settings", _l("Moderation settings"),
         _l("The report threshold and the reasons moderators choose from.")),
    Tool(("tenant.privacy.admin", "tenant.privacy.admin_index", "tenant.privacy.admin_notice",
          "tenant.privacy.settings"), _l("Privacy"),
         _l("The privacy notice and how long personal data is kept.")),
    Tool("tenant.opendata.index", _l("Open data downloads"),
         _l("The municipality's open datasets and the national catalogue.")),
    Tool("tenant.moderation.log", _l("Audit log"),
         _l("Every decision and change, who made it and when.")),
]


def tools_for(user, municipality) -> list[tuple[Tool, str]]:
    """(tool, its endpoint) for the tools this member of staff may use here, as registered in
    this app."""
    registered = current_app.view_functions
    found = []
    for tool in TOOLS:
        names = (tool.endpoint,) if isinstance(tool.endpoint, str) else tool.endpoint
        endpoint = next((name for name in names if name in registered), None)
        if endpoint is not None and tool.allowed(user, municipality):
            found.append((tool, endpoint))
    return found

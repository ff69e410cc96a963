"""Display vocabularies of votes: the names of methods and phases, and the sentences about a
vote's rules that several pages and the exports share. All in the language of the request."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, pgettext

from app.core.i18n import format_nok
from app.votes.models import Eligibility, Vote, VoteMethod, VotePhase

#: the methods as the admin's vote form explains them
METHOD_DESCRIPTIONS = {
    VoteMethod.single: _l("Single choice: each voter chooses one project"),
    VoteMethod.approval: _l("Approval: each voter chooses up to a number of projects"),
    VoteMethod.budget: _l("Participatory budget: each voter chooses projects that fit the budget"),
}


#: the written forms, as a sentence names them ("the nynorsk text")


def method_choices() -> list[tuple[str, str]]:
    """(value, description) of every method, for the vote form's radio buttons."""
    return [(method.value, str(label)) for method, label in METHOD_DESCRIPTIONS.items()]


#: who may vote, as the admin's vote form explains it: plainly what each choice lets in
ELIGIBILITY_DESCRIPTIONS = {
    Eligibility.account: _l("Anyone with a Tinget account, logged in, from any municipality: "
                            "Tinget does not check where voters live"),
    Eligibility.resident: _l("Residents who declare that they live in the municipality: a "
                             "required check box on the ballot (Tinget cannot check the "
                             "declaration)"),
    Eligibility.idporten: _l("Only accounts verified through ID-porten: residents who log in with "
                             "ID-porten or have linked it to their account"),
}


def eligibility_choices() -> list[tuple[str, str]]:
    """(value, description) of every eligibility rule, for the vote form's radio buttons."""
    return [(rule.value, str(label)) for rule, label in ELIGIBILITY_DESCRIPTIONS.items()]


def eligibility_name(vote: Vote) -> str:
    """Who may vote in `vote`, in a few words, for the admin's page."""
    if vote.eligibility is Eligibility.idporten:
        return _("Only accounts verified through ID-porten")
    if vote.eligibility is Eligibility.resident:
        return _("Residents of %(municipality)s, by their own declaration",
                 municipality=vote.municipality.display_name)
    return _("Anyone with a Tinget account, from any municipality")


def who_can_vote(vote: Vote) -> str:
    """Who may vote in `vote`, said plainly on the vote page (ID-porten: the refusal says it)."""
    if vote.eligibility is Eligibility.resident:
        return _("Only residents of %(municipality)s can vote. When you vote, you declare that you "
                 "live in %(municipality)s; Tinget cannot check it.",
                 municipality=vote.municipality.display_name)
    if vote.eligibility is Eligibility.account:
        return _("Anyone with a Tinget account can vote, also people who do not live in "
                 "%(municipality)s: Tinget does not check where voters live.",
                 municipality=vote.municipality.display_name)
    return ""


def how_to_vote(vote: Vote) -> str:
    """The rule of the ballot in one sentence, for the voter."""
    if vote.method is VoteMethod.single:
        return _("Choose one project.")
    if vote.method is VoteMethod.approval:
        return ngettext("Choose up to %(num)d project.", "Choose up to %(num)d projects.",
                        vote.max_choices or 1)
    text = _("Choose the projects you want, as long as they cost %(budget)s or less together.",
             budget=format_nok(vote.budget or 0))
    if vote.min_budget_amount:
        text += " " + _("Your choices must use at least %(share)d %% of the budget (%(minimum)s).",
                        share=vote.min_budget_share, minimum=format_nok(vote.min_budget_amount))
    return text


def results_rule(vote: Vote) -> str:
    """How the result is decided, stated on the results page and in the JSON export."""
    if vote.method is VoteMethod.budget:
        return _(
            "The projects are ranked by number of votes, most first. Going down the list, a "
            "project is funded if its cost fits in what is left of the budget of %(budget)s; "
            "if it does not fit, it is skipped and the next project is considered. A project "
            "with no votes is not funded. When two projects have the same number of votes, the "
            "cheaper one comes first; if they also cost the same, the one listed first on the "
            "ballot comes first.", budget=format_nok(vote.budget or 0))
    if vote.method is VoteMethod.approval:
        return _("Each voter could choose up to %(num)d projects, and every choice counts as one "
                 "vote. The projects are ranked by number of votes, most first. Projects with the "
                 "same number of votes share a place and are listed in ballot order.",
                 num=vote.max_choices or 1)
    return _("Each voter chose one project. The project with the most votes wins. Projects with "
             "the same number of votes share a place and are listed in ballot order; if several "
             "share first place, the municipality decides how to proceed.")


def csv_headers(vote: Vote) -> list[str]:
    """The header line of the CSV export."""
    headers = [_("Rank"), _("Project"), _("Cost (NOK)"), pgettext("count", "Votes"), _("Share of ballots (%)")]
    if vote.method is VoteMethod.budget:
        headers.append(_("Funded"))
    return headers


def method_name(vote: Vote) -> str:
    """The vote's method in two or three words."""
    return {VoteMethod.single: _("Single choice"), VoteMethod.approval: _("Approval voting"),
            VoteMethod.budget: _("Participatory budget")}[vote.method]


def phase_name(vote: Vote) -> str:
    """The vote's phase now, as its status."""
    return {VotePhase.draft: _("Draft"), VotePhase.upcoming: _("Not open yet"),
            VotePhase.open: _("Open"), VotePhase.closed: _("Closed")}[vote.phase]

"""The builder's writes: create, change, publish, close and delete surveys, their sections and
questions. Services flush and write the audit log; the view commits."""
from __future__ import annotations

from flask_babel import gettext as _

from app.core import audit
from app.core.clock import utcnow
from app.core.drafting import check_publishable
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.vocabulary import is_theme
from app.surveys.models import (
    Phase, QuestionType, Survey, SurveyOption, SurveyQuestion, SurveySection, SurveyStatus,
)
from app.surveys.queries import is_locked, publication_problems, response_count

TEXT_FIELDS = {"survey": ("title", "intro"), "section": ("title", "description"),
               "question": ("text", "help", "low_label", "high_label")}


class SurveyLocked(ServiceError):
    """The change would make answers already given meaningless."""


def _texts(obj, kind: str, data: dict) -> None:
    for name in TEXT_FIELDS[kind]:
        for lang in ("nb", "nn"):
            key = f"{name}_{lang}"
            if key in data:
                setattr(obj, key, (data[key] or "").strip())


def _refuse_if_locked(survey: Survey) -> None:
    if is_locked(survey):
        raise SurveyLocked(_("People have answered, so the questions can no longer be changed."))


def _settings(survey: Survey) -> dict:
    return {"languages": survey.languages, "opens_at": str(survey.opens_at or ""),
            "closes_at": str(survey.closes_at or ""), "requires_login": survey.requires_login,
            "public_results": survey.public_results, "title_nb": survey.title_nb,
            "title_nn": survey.title_nn, "theme": survey.theme, "sdgs": survey.sdgs}


def _apply_settings(survey: Survey, data: dict) -> None:
    _texts(survey, "survey", data)
    survey.languages = data.get("languages_choice") or "nb"
    survey.opens_at = data.get("opens_at")
    survey.closes_at = data.get("closes_at")
    survey.requires_login = data.get("requires_login") == "login"
    survey.public_results = bool(data.get("public_results"))
    if "theme" in data:
        if data["theme"] and not is_theme(data["theme"]):
            raise ServiceError(_("Choose a theme from the list."))
        survey.theme = data["theme"] or None
    if "sdgs" in data:
        survey.sdgs = data["sdgs"] or []


def create_survey(municipality, actor, data: dict) -> Survey:
    """A new draft survey with one empty section."""
    survey = Survey(municipality_id=municipality.id, created_by_id=getattr(actor, "id", None))
    _apply_settings(survey, data)
    survey.sections.append(SurveySection(municipality_id=municipality.id, position=0))
    db.session.add(survey)
    db.session.flush()
    audit.record("survey.created", survey, actor=actor, municipality=municipality,
                 after=_settings(survey))
    return survey


def update_survey(survey: Survey, actor, data: dict) -> None:
    """Change the settings and texts. Refuses switching between anonymous and logged-in answers
    once someone has answered: earlier respondents were told otherwise."""
    before = _settings(survey)
    if (data.get("requires_login") == "login") != survey.requires_login:
        _refuse_if_locked(survey)
    _apply_settings(survey, data)
    db.session.flush()
    after = _settings(survey)
    if before != after:
        audit.record("survey.updated", survey, actor=actor, municipality=survey.municipality,
                     before=before, after=after)


def publish_survey(survey: Survey, actor) -> list[str]:
    """Publish a draft; returns the problems instead when there are any (nothing changes).
    Refuses (DraftError) a machine draft nobody has reviewed."""
    problems = publication_problems(survey)
    if problems or survey.status is SurveyStatus.published:
        return problems
    check_publishable(survey)
    survey.status = SurveyStatus.published
    db.session.flush()
    audit.record("survey.published", survey, actor=actor, municipality=survey.municipality)
    return []


def unpublish_survey(survey: Survey, actor) -> None:
    """Back to draft; refused once someone has answered (close it instead)."""
    _refuse_if_locked(survey)
    survey.status = SurveyStatus.draft
    db.session.flush()
    audit.record("survey.unpublished", survey, actor=actor, municipality=survey.municipality)


def close_survey(survey: Survey, actor) -> None:
    """Stop taking answers now."""
    if survey.phase is Phase.closed:
        return
    before = str(survey.closes_at or "")
    survey.closes_at = utcnow()
    db.session.flush()
    audit.record("survey.closed", survey, actor=actor, municipality=survey.municipality,
                 before={"closes_at": before}, after={"closes_at": str(survey.closes_at)})


def delete_survey(survey: Survey, actor) -> None:
    """Delete the survey with every answer to it (the audit log keeps that it happened)."""
    audit.record("survey.deleted", survey, actor=actor, municipality=survey.municipality,
                 before={**_settings(survey), "responses": response_count(survey)})
    db.session.delete(survey)
    db.session.flush()


def add_section(survey: Survey, actor, data: dict) -> SurveySection:
    """A new section at the end; refused once someone has answered."""
    _refuse_if_locked(survey)
    section = SurveySection(municipality_id=survey.municipality_id, position=len(survey.sections))
    _texts(section, "section", data)
    survey.sections.append(section)
    db.session.flush()
    audit.record("survey.section_added", survey, actor=actor, municipality=survey.municipality,
                 after={"section_id": section.id})
    return section


def update_section(section: SurveySection, actor, data: dict) -> None:
    """Change a section's texts (allowed after answers: texts only)."""
    _texts(section, "section", data)
    db.session.flush()
    audit.record("survey.section_updated", section.survey, actor=actor,
                 municipality=section.survey.municipality, after={"section_id": section.id})


def delete_section(section: SurveySection, actor) -> None:
    """Delete a section with its questions; refuses the last section and answered surveys."""
    survey = section.survey
    _refuse_if_locked(survey)
    if len(survey.sections) < 2:
        raise SurveyLocked(_("A survey needs at least one section."))
    survey.sections.remove(section)
    _renumber(survey.sections)
    db.session.flush()
    audit.record("survey.section_deleted", survey, actor=actor, municipality=survey.municipality,
                 before={"section_id": section.id})


def _renumber(items) -> None:
    for position, item in enumerate(items):
        item.position = position


def _move(items: list, item, direction: str) -> None:
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(items)


def move_section(section: SurveySection, actor, direction: str) -> None:
    """Move a section one place up or down (the first cannot go up, the last not down)."""
    survey = section.survey
    ordered = list(survey.sections)
    _move(ordered, section, direction)
    db.session.flush()
    db.session.expire(survey, ["sections"])
    audit.record("survey.section_moved", survey, actor=actor, municipality=survey.municipality,
                 after={"section_id": section.id, "direction": direction})


def move_question(question: SurveyQuestion, actor, direction: str) -> None:
    """Move a question one place up or down inside its section."""
    section = question.section
    ordered = list(section.questions)
    _move(ordered, question, direction)
    db.session.flush()
    db.session.expire(section, ["questions"])
    audit.record("survey.question_moved", section.survey, actor=actor,
                 municipality=section.survey.municipality,
                 after={"question_id": question.id, "direction": direction})


def _apply_question(question: SurveyQuestion, data: dict, options: dict[str, list[str]]) -> None:
    _texts(question, "question", data)
    question.required = bool(data.get("required"))
    kind = question.type
    if kind is QuestionType.scale:
        question.min_value, question.max_value = (0, 10) if data.get("scale") == "0-10" else (1, 5)
    elif kind is QuestionType.multiple_choice:
        question.min_value, question.max_value = data.get("min_choices"), data.get("max_choices")
    elif kind is QuestionType.number:
        question.min_value, question.max_value = data.get("min_number"), data.get("max_number")
    elif kind is QuestionType.long_text:
        question.max_length = data.get("max_length")
    if kind.has_options:
        count = max(len(labels) for labels in options.values())
        while len(question.options) < count:
            question.options.append(SurveyOption(municipality_id=question.municipality_id))
        del question.options[count:]
        for position, option in enumerate(question.options):
            option.position = position
            for lang in ("nb", "nn"):
                labels = options.get(lang)
                if labels is not None:
                    setattr(option, f"label_{lang}", labels[position])


def add_question(section: SurveySection, actor, kind: QuestionType, data: dict,
                 options: dict[str, list[str]]) -> SurveyQuestion:
    """A new question at the end of `section`; refused once someone has answered."""
    survey = section.survey
    _refuse_if_locked(survey)
    question = SurveyQuestion(municipality_id=survey.municipality_id, survey_id=survey.id,
                              type=kind, position=len(section.questions))
    section.questions.append(question)
    _apply_question(question, data, options)
    _place(question, data)
    db.session.flush()
    audit.record("survey.question_added", survey, actor=actor, municipality=survey.municipality,
                 after={"question_id": question.id, "type": kind.value})
    return question


def _place(question: SurveyQuestion, data: dict) -> None:
    target = data.get("section_id")
    current = question.section
    if target and target != current.id:
        for section in current.survey.sections:
            if section.id == target:
                current.questions.remove(question)
                _renumber(current.questions)
                question.position = len(section.questions)
                section.questions.append(question)


def update_question(question: SurveyQuestion, actor, data: dict,
                    options: dict[str, list[str]]) -> None:
    """Change a question. Once someone has answered, only its texts (and the options' texts) can
    be corrected: a change of options, limits, required or section is refused (the caller rolls
    back)."""
    survey = question.section.survey
    locked = is_locked(survey)
    before = _structure(question)
    _apply_question(question, data, options)
    _place(question, data)
    if locked and _structure(question) != before:
        raise SurveyLocked(_("People have answered, so only the texts can be corrected."))
    db.session.flush()
    audit.record("survey.question_updated", survey, actor=actor, municipality=survey.municipality,
                 after={"question_id": question.id})


def _structure(question: SurveyQuestion) -> tuple:
    return (question.required, question.min_value, question.max_value, question.max_length,
            question.section.id if question.section else None, len(question.options))


def delete_question(question: SurveyQuestion, actor) -> None:
    """Delete a question; refused once someone has answered."""
    section = question.section
    survey = section.survey
    _refuse_if_locked(survey)
    section.questions.remove(question)
    _renumber(section.questions)
    db.session.flush()
    audit.record("survey.question_deleted", survey, actor=actor, municipality=survey.municipality,
                 before={"question_id": question.id, "type": question.type.value})


def copy_survey(source: Survey, actor, municipality) -> Survey:
    """A new draft survey in `municipality` with the structure and texts of `source` (a survey
    another member shares): its texts in bokmål and nynorsk, settings, theme and goals, and its
    sections, questions and options in order. Never its responses or answers, its creator or
    its embed token (the copy gets a new one); the copy opens when it is published and stays
    open until it is closed (no dates). A machine-drafted written form stays marked as one and
    needs this municipality's own review. Flushes and logs, never commits."""
    m = municipality.id
    survey = Survey(municipality_id=m, created_by_id=getattr(actor, "id", None),
                    languages=source.languages, requires_login=source.requires_login,
                    public_results=source.public_results, theme=source.theme, sdgs=source.sdgs,
                    machine_drafted=source.machine_drafted,
                    **_copied_texts(source, TEXT_FIELDS["survey"]))
    db.session.add(survey)
    db.session.flush()
    for section in source.sections:
        copy = SurveySection(municipality_id=m, position=section.position,
                             **_copied_texts(section, TEXT_FIELDS["section"]))
        copy.questions = [_copied_question(question, survey) for question in section.questions]
        survey.sections.append(copy)
    if not survey.sections:  # the builder always has a section to add questions to
        survey.sections.append(SurveySection(municipality_id=m, position=0))
    db.session.flush()
    audit.record("survey.copied", survey, actor=actor, municipality=municipality,
                 after={**_settings(survey), "source_id": source.id,
                        "questions": len(survey.questions)})
    return survey


def _copied_texts(obj, names) -> dict:
    return {f"{name}_{lang}": getattr(obj, f"{name}_{lang}") for name in names
            for lang in ("nb", "nn")}


def _copied_question(question: SurveyQuestion, survey: Survey) -> SurveyQuestion:
    """A new question of `survey` with the texts, type, limits and options of `question`."""
    municipality_id = survey.municipality_id
    return SurveyQuestion(
        municipality_id=municipality_id, survey_id=survey.id, position=question.position,
        type=question.type, required=question.required, min_value=question.min_value, max_value=question.max_value,
        max_length=question.max_length, **_copied_texts(question, TEXT_FIELDS["question"]),
        options=[SurveyOption(municipality_id=municipality_id, position=option.position,
                              label_nb=option.label_nb, label_nn=option.label_nn)
                 for option in question.options])


def record_export(survey: Survey, actor) -> None:
    """Write the answers' export to the audit log (who took them out, how many); the privacy
    area's retention counts an export at or after the deadline as the archive copy."""
    audit.record("survey.answers_exported", survey, actor=actor, municipality=survey.municipality,
                 after={"format": "csv", "responses": response_count(survey)})

"""Sentences for the tone tests (tests/test_tone_*.py), written for them, and a draft to put
them in: a clean Northwind thank-you that mentions the claims dashboard."""

from __future__ import annotations

from afterview.checks import check_text
from afterview.checks.finding import Finding

from corpus_loader import situation

SIGN_OFFS = ["Best regards,", "Thanks,", "Sincerely,", "Cheers,", "Kind regards,", "Thank you,"]

APOLOGETIC = [
    "I feel I did not answer it adequately.",
    "I probably was not the strongest candidate.",
    "I was nervous.",
    "I probably wasn't the strongest.",
    "I feel like I didn't answer the forecasting question very well.",
    "Honestly, I was nervous during the first half.",
    "I think I probably rambled when you asked about my last project.",
    "I don't think I explained the caching layer clearly.",
    "I'm afraid I came across as unprepared.",
    "My answer on the budget question was not very clear.",
    "I realise I'm not the most experienced applicant.",
    "I could have given a much better example of leadership.",
    "I blanked when you asked about window functions.",
    "I'm not sure my answer about the audit made sense.",
    "I didn't get my point across as clearly as I wanted.",
    "I felt underprepared for the pricing questions.",
    "I wasn't as concise as I would have liked on the last question.",
    "I worry that I talked too much about my previous role.",
    "I may have come across as too blunt.",
    "My explanation of the retry logic was a little muddled.",
    "I'm kicking myself for not mentioning the Airflow work.",
    "I suspect I wasn't the most polished candidate.",
    "I know my answer about conflict resolution fell short.",
    "I am not confident that I answered the estimation question correctly.",
    "I got a little tongue-tied when you asked about salary history.",
    "Sorry for running over time.",
    "I'm aware my answer on recursion was shaky.",
    "I felt I underperformed in the coding exercise.",
    "Unfortunately I was not at my sharpest this morning.",
    "I think I misread the second question.",
    "I'm disappointed with how I handled the pricing case.",
    "I probably wasn't as clear as I should have been about my role on the project.",
    "I didn't articulate my experience with Kubernetes very well.",
    "I worry my nervousness got in the way.",
    "I may not have explained why I left my last job clearly enough.",
    "Although I may not be the most technical person you met, I learn quickly.",
    "I was a little overwhelmed by the panel format.",
    "I'm not sure I did the case study justice.",
]

NOT_APOLOGETIC = [
    "I was not aware of the dbt migration until you mentioned it.",
    "I didn't expect to enjoy the case study so much.",
    "I was sorry to hear about the server outage last week.",
    "I was impressed by how calmly the team handles incidents.",
    "I could have listened to your stories about the launch all afternoon.",
    "I have never seen a cleaner data model.",
    "I don't think I have met a team so focused on quality.",
    "I would be glad to explain the approach in more detail.",
    "My answer to your question about growth is simple: I want to learn.",
    "I am confident I can help the team ship faster.",
    "I did not realise the office was so close to the river.",
    "I stumbled across your talk on dbt tests last year.",
    "I couldn't have asked for a better introduction to the team.",
    "I don't think I mentioned that I also led the audit.",
    "I hope I conveyed how excited I am about the role.",
    "I know it is not the best time of year for hiring.",
    "I never thought a payroll system could be this interesting.",
    "The team was as welcoming as I had hoped.",
    "I was nervous-free by the end, thanks to your warm welcome.",
    "I did not know the team had grown so quickly.",
    "I couldn't stop thinking about your pricing question on the way home.",
    "I'm not the kind of person who gives up on a hard bug.",
    "I wasn't expecting such a detailed tour of the lab.",
    "My answer about Kubernetes drew on three years of running clusters.",
    "I may have mentioned that I speak Portuguese.",
    "I hope the rest of your week goes well.",
]

PUSHY = [
    "When do you expect to decide?",
    "Do you know when you'll make a decision?",
    "Any news on the role?",
    "Could you tell me where things stand?",
    "Please let me know if I got it.",
    "What are the next steps?",
    "When do you think you will make your decision?",
    "Could you give me a sense of when I might hear back?",
    "Do you know yet whether I'll be moving forward?",
    "Can you tell me what the timeline for a decision is?",
    "Is there an update on my application?",
    "Has the hiring manager made a decision yet?",
    "Please keep me updated on the outcome.",
    "I was wondering when you expect to decide.",
    "How long until you reach a decision?",
    "Is the position still open?",
    "Have you had a chance to decide?",
    "I'd be grateful to know the outcome as soon as it is available.",
    "Any word on the timeline?",
    "Just checking in on the process.",
    "When might I expect to hear about the outcome?",
    "Could you let me know if I'm still in the running?",
    "Please advise on the status of my candidacy.",
    "Is there a timeline for the final decision?",
    "I'd appreciate knowing when a decision will be made.",
    "What's the next stage of the process?",
    "Have you filled the role yet?",
    "Do let me know your decision when you can.",
]

NOT_PUSHY = [
    "I look forward to hearing about next steps.",
    "I look forward to hearing from you.",
    "I look forward to the next steps in the process.",
    "I look forward to learning about the next steps.",
    "Please let me know if you need anything else from me.",
    "Please let me know if I can provide references.",
    "Let me know if the case study raises any questions.",
    "I'd love to hear how the launch goes.",
    "When you described the decision log, I thought of my own team.",
    "The next steps you outlined for the roadmap make sense.",
    "It was good to hear how the team decided on its stack.",
    "I understand you expect to decide by Friday, and I look forward to hearing from you.",
    "Could you share the timeline for the dbt migration?",
    "Could you pass my thanks on to Marcus?",
    "I'm looking forward to the next stage.",
    "I appreciated hearing how decisions get made on your team.",
    "Thank you for explaining the timeline for the hiring process.",
    "Should you need any more information, please let me know.",
    "I'd be happy to send the deck if that would help the decision.",
    "I look forward to hearing your thoughts.",
]


def draft(sentence: str, sign_off: str = "Best regards,") -> str:
    """A clean thank-you to Dr. Nair with ``sentence`` in its second paragraph."""
    return (
        "To: priya.nair@northwind.example\n"
        "Subject: Thank you\n\n"
        "Dear Dr. Nair,\n\n"
        "Thank you for discussing the claims dashboard and its move to dbt with me.\n\n"
        f"{sentence} I remain very interested in the role.\n\n"
        f"{sign_off}\nAlex Rivera\n"
    )


def findings(text: str, kind: str = "thank_you", at: str | None = None) -> list[Finding]:
    from datetime import datetime

    moment = datetime.fromisoformat(at) if at else None
    return check_text(text, situation("northwind"), kind=kind, at=moment).findings


def rules(text: str, kind: str = "thank_you", at: str | None = None) -> set[str]:
    return {f.rule for f in findings(text, kind, at)}


def summary(text: str, kind: str = "thank_you") -> list[tuple[str, int, int, str]]:
    """(rule, line, column, message) of every finding: what a harmless edit must not change
    (offsets may: a CRLF line end is one character more)."""
    return [(f.rule, f.line, f.column, f.message) for f in findings(text, kind)]

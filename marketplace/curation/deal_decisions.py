"""Staff's decision on a deal waiting for review, and the e-mail that tells its merchant.

The review itself (states, revisions, history) is the deal catalogue's (deals/review.py); what
staff add is the choice of transition and telling the merchant's owners and managers.
"""
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from marketplace.deals import review
from marketplace.deals.models import Deal, DealRevision
from merchants.permissions import Can, members_who_can

from marketplace.core.mail import absolute_url, mail_after_commit


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    CHANGES = "changes", _("Request changes")


@transaction.atomic
def deal_decide(*, deal: Deal, actor, decision: str, comment: str = "") -> None:
    """Decide on a submitted deal, or on the pending revision of an approved one.

    Rejecting and asking for changes need a comment (the merchant reads it); either way the
    merchant's owners and managers are e-mailed the decision once it is committed.
    """
    revision = review.deal_pending_revision(deal=deal)
    if revision is not None and deal.review_status == Deal.Review.APPROVED:
        told = _revision_decide(revision=revision, actor=actor, decision=decision, comment=comment)
    elif decision == Decision.APPROVE:
        review.deal_approve(deal=deal, actor=actor, comment=comment)
        told = gettext("approved")
    elif decision == Decision.REJECT:
        review.deal_reject(deal=deal, actor=actor, comment=comment)
        told = gettext("rejected")
    else:
        review.deal_request_changes(deal=deal, actor=actor, comment=comment)
        told = gettext("sent back for changes")
    _tell_merchant(deal, told, comment)


def _revision_decide(*, revision: DealRevision, actor, decision: str, comment: str) -> str:
    if decision == Decision.APPROVE:
        review.deal_revision_approve(revision=revision, actor=actor, comment=comment)
        return gettext("changes approved and now on sale")
    revision = review.deal_revision_reject(revision=revision, actor=actor, comment=comment,
                                           changes_requested=decision == Decision.CHANGES)
    if revision.status == DealRevision.Status.CHANGES_REQUESTED:
        return gettext("changes sent back for more changes")
    return gettext("changes rejected")


def _tell_merchant(deal: Deal, decision: str, comment: str) -> None:
    """E-mail the merchant's deal managers what staff decided and said."""
    people = members_who_can(merchant=deal.merchant, action=Can.MANAGE_DEALS)
    mail_after_commit(
        to=[m.user.email for m in people] or [deal.merchant.contact_email],
        template="curation/email/deal_decision",
        context={"deal": deal, "decision": decision, "comment": comment,
                 "url": absolute_url(reverse("merchant_portal:deal-detail", kwargs={
                     "slug": deal.merchant.slug, "pk": deal.pk}))})

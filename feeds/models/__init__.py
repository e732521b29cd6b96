from feeds.models.partners import Partner, PartnerPull, SyndicationSettings
from feeds.models.websub import PendingPing
from feeds.models.withdrawals import Withdrawal

__all__ = ["Partner", "PartnerPull", "PendingPing", "SyndicationSettings", "Withdrawal"]

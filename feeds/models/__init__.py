from feeds.models.partners import Partner, PartnerPull, SyndicationSettings
from feeds.models.websub import PendingPing

__all__ = ["Partner", "PartnerPull", "PendingPing", "SyndicationSettings"]

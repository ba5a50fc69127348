"""Importers: relationship maps from CRM exports, calendars and mail
(``docs/importing.md``).

>>> import relmap
>>> m = relmap.RelationshipMap("acme", name="Acme")
>>> m.add_stakeholder("cio", name="Liu Yang", emails=["liu@acme.cn"])
>>> eml = ("Message-ID: <q1@acme.cn>\\r\\nDate: Mon, 2 Mar 2026 10:00:00 +0800\\r\\n"
...        "From: Liu Yang <liu@acme.cn>\\r\\nTo: Zhao <zhao@us.example>, Wang <wang@acme.cn>\\r\\n\\r\\nhi\\r\\n")
>>> report = relmap.io.import_mail(eml, name="q1.eml", into=m, our_domains=["us.example"], account_domains=["acme.cn"])
>>> [(line.outcome, line.entity, line.id) for line in report.lines]
[('added', 'team_member', 'zhao@us.example'), ('added', 'interaction', 'mail:q1@acme.cn')]
>>> [g.email for g in m.ghost_stakeholders(account_domains=["acme.cn"])]
['wang@acme.cn']
"""

from ._importing import (
    CRM_PRESETS,
    ImportReport,
    crm_preset,
    import_calendar,
    import_crm,
    import_mail,
)

__all__ = ["CRM_PRESETS", "ImportReport", "crm_preset", "import_calendar", "import_crm", "import_mail"]

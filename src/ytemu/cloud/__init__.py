"""Google Cloud control plane: Resource Manager, Service Usage, IAM and Billing routes
(``routes``, ``iam``), their persisted state (``state``), request helpers (``request``)
and the seeding/inspection admin API with its client :class:`~ytemu.cloud.admin.CloudAdmin`
(``admin``)."""

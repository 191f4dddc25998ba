"""Every capability's models, imported in one place so Alembic and the mapper see every table."""

import wardportal.approvals.models  # noqa: F401
import wardportal.catalogue.models  # noqa: F401
import wardportal.dossiers.models  # noqa: F401
import wardportal.feedback.models  # noqa: F401
import wardportal.notifications.models  # noqa: F401
import wardportal.payments.models  # noqa: F401
import wardportal.publications.models  # noqa: F401
import wardportal.residents.models  # noqa: F401
import wardportal.search.models  # noqa: F401
import wardportal.staff.models  # noqa: F401

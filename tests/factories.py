"""Factories for test data: each creates and commits one realistic object."""

import hashlib
import itertools

from wardportal.catalogue.models import Contact, FormTemplate, Procedure, RequiredDocument
from wardportal.catalogue.queries import field_slug
from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

_counter = itertools.count(1)


class Factories:
    """``make.ward()``, ``make.procedure(ward)``, ``make.contact(ward)``, ``make.form(procedure)``."""

    def ward(self, slug=None, name=None, **fields):
        n = next(_counter)
        ward = Ward(slug=slug or f"phuong-{n}", name=name or f"Phường Số {n}",
                    unit_code=fields.pop("unit_code", f"H29.{n:02d}"),
                    address=fields.pop("address", f"Số {n} đường Trần Hưng Đạo, thành phố Hòa Bình"),
                    hours=fields.pop("hours", "Thứ Hai – Thứ Sáu, 7h30–17h00"),
                    hotline=fields.pop("hotline", "0218 3852 000"), **fields)
        db.session.add(ward)
        db.session.commit()
        return ward

    def procedure(self, ward, code=None, title="Đăng ký khai sinh", field="Hộ tịch", documents=None, **fields):
        procedure = Procedure(
            ward=ward, code=code or f"1.00{next(_counter):04d}", title=title, field=field,
            field_slug=field_slug(field), summary=fields.pop("summary", "Đăng ký cho trẻ em mới sinh."),
            processing_days=fields.pop("processing_days", 3), fee=fields.pop("fee", "Miễn lệ phí"),
            online_level=fields.pop("online_level", "full"), **fields)
        procedure.documents = [RequiredDocument(position=i, name=name, original=True, copies=1)
                               for i, name in enumerate(documents or ["Tờ khai đăng ký khai sinh",
                                                                      "Giấy chứng sinh"])]
        db.session.add(procedure)
        db.session.commit()
        return procedure

    def form(self, procedure, data=b"%PDF-1.4\n%test\n", filename="to-khai.pdf",
             content_type="application/pdf", title="Tờ khai"):
        form = FormTemplate(procedure=procedure, title=title, filename=filename, content_type=content_type,
                            size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)
        db.session.add(form)
        db.session.commit()
        return form

    def contact(self, ward, name="Nguyễn Thị Lan", role="Công chức Tư pháp – Hộ tịch", phone="0912 345 678",
                **fields):
        contact = Contact(ward=ward, name=name, role=role, phone=phone, **fields)
        db.session.add(contact)
        db.session.commit()
        return contact

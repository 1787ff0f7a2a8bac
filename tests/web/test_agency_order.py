"""Agencies are listed in Thai dictionary order, the same on SQLite and PostgreSQL.

Code point order would put every เ/แ/โ/ใ/ไ name (เทศบาล…, the most common kind of agency)
after อ; openita.collation's key, stored in Agency.sort_name, reads the leading vowel after its
consonant as the Royal Institute dictionary and ICU do (tests/test_collation.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.db.models.functions import Collate
from django.urls import reverse

from openita.collation import thai_sort_key
from openita.web.agencies.models import Agency

NAMES = ["องค์การบริหารส่วนตำบลนาข่า", "เทศบาลตำบลโนนสูง", "กรมบัญชีกลาง", "ไชยวาน", "ขาวดำ"]
ICU_ORDER = Path(__file__).parents[1] / "data" / "thai-names-icu-order.txt"
ROW_NAME = re.compile(r'<th scope="row"><a href="/a/[\w-]+/">([^<]+)</a>')


@pytest.fixture
def udon_agencies(khambong: Agency) -> list[Agency]:
    return [
        Agency.objects.create(code=f"order-{n}", name=name, province=khambong.province)
        for n, name in enumerate(NAMES)
    ]


def test_the_key_is_stored_on_create_and_follows_a_rename(db: None) -> None:
    agency = Agency.objects.create(code="renamed", name="องค์การบริหารส่วนตำบลนาข่า")
    assert agency.sort_name == thai_sort_key("องค์การบริหารส่วนตำบลนาข่า")
    agency.name = "เทศบาลตำบลนาข่า"
    agency.save()
    agency.refresh_from_db()
    assert agency.sort_name == thai_sort_key("เทศบาลตำบลนาข่า")


def test_saving_only_the_name_without_its_key_is_refused(db: None) -> None:
    agency = Agency.objects.create(code="renamed", name="ไชยวาน")
    agency.name = "เทศบาลตำบลไชยวาน"
    with pytest.raises(ValueError, match="sort_name"):
        agency.save(update_fields=["name"])
    agency.save(update_fields=["name", "sort_name"])
    agency.refresh_from_db()
    assert agency.sort_name == thai_sort_key("เทศบาลตำบลไชยวาน")


def test_the_coordinator_table_sorted_by_name_follows_the_dictionary(
    client_as, udon_agencies: list[Agency]
) -> None:
    body = client_as("coordinator").get(reverse("coordination:table"), {"sort": "name"})
    names = ROW_NAME.findall(body.content.decode())
    expected = sorted(Agency.objects.values_list("name", flat=True), key=thai_sort_key)
    assert [n for n in names if n in expected] == [n for n in expected if n in names]
    assert names.index("เทศบาลตำบลโนนสูง") < names.index("องค์การบริหารส่วนตำบลนาข่า")


def test_the_province_filter_lists_provinces_in_dictionary_order(client_as, users) -> None:
    Agency.objects.create(code="cm", name="เทศบาลนครเชียงใหม่", province="เชียงใหม่")
    Agency.objects.create(code="ln", name="เทศบาลนครลำปาง", province="ลำปาง")
    body = client_as("site_admin").get(reverse("coordination:table")).content.decode()
    select = body[body.index('name="province"') :]
    select = select[: select.index("</select>")]
    provinces = re.findall(r"<option(?: selected)?>([^<]+)</option>", select)
    assert provinces == sorted(provinces, key=thai_sort_key)
    assert provinces.index("เชียงใหม่") < provinces.index("ลำปาง")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU collations are PostgreSQL's")
def test_postgresql_icu_thai_collation_still_agrees_with_the_stored_key(db: None) -> None:
    names = ICU_ORDER.read_text(encoding="utf-8").split()
    Agency.objects.bulk_create(
        Agency(code=f"icu-{n}", name=name, sort_name=thai_sort_key(name))
        for n, name in enumerate(names)
    )
    by_icu = Agency.objects.order_by(Collate("name", "th-TH-x-icu"), "pk")
    by_key = Agency.objects.order_by("sort_name", "pk")
    assert list(by_icu.values_list("name", flat=True)) == names
    assert list(by_key.values_list("name", flat=True)) == names

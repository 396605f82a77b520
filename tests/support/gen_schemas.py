#!/usr/bin/env python3
"""Generate the cached sObject describe payloads used by hierc's examples and tests.

Run from the repository root:

    python3 tests/support/gen_schemas.py

It (re)writes, deterministically:

* ``examples/schemas/<Object>.schema.json``        -- the objects the examples use;
* ``tests/fixtures/schemas/<Object>.schema.json``  -- the same objects plus a few
  test-only objects (``Ticket__c``, ``AuditLog__c``, ``Note__c``, ``Bare__c``,
  ``Trimmed__c``).  In this copy ``Case`` also lists the test-only children.

The payloads have the shape of a REST ``/sobjects/<Name>/describe`` response
(API v62.0): the full top-level key set, the full 57-key field shape and the
8-key child-relationship shape.  ``Trimmed__c`` instead has the reduced shape
that the Salesforce VS Code extension caches (``.sfdx/tools/soqlMetadata``).

After writing, the script checks the generated set for internal consistency
(every listed child relationship points at a reference field on the child whose
``referenceTo`` includes the parent, every lookup between generated objects is
listed on its parent, relationship names are unique per parent, key sets are
complete) and prints a table of the files and their sizes.  It exits non-zero
if a check fails.

Python 3.11, standard library only.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

API_VERSION = "v62.0"
INSTANCE_URL = "https://acme.my.salesforce.com"
MASTER_RECORD_TYPE_ID = "012000000000000AAA"

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = ROOT / "examples" / "schemas"
FIXTURES_DIR = ROOT / "tests" / "fixtures" / "schemas"

EXAMPLE_OBJECTS = [
    "Case",
    "EmailMessage",
    "Attachment",
    "Contact",
    "Account",
    "Asset",
    "User",
    "Group",
    "Opportunity",
    "Invoice__c",
    "Invoice_Line__c",
    "Payment__c",
]
TEST_ONLY_OBJECTS = ["Ticket__c", "AuditLog__c", "Note__c", "Bare__c", "Trimmed__c"]

# --------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------

FIELD_KEYS = [
    "aggregatable",
    "aiPredictionField",
    "autoNumber",
    "byteLength",
    "calculated",
    "calculatedFormula",
    "cascadeDelete",
    "caseSensitive",
    "compoundFieldName",
    "controllerName",
    "createable",
    "custom",
    "defaultValue",
    "defaultValueFormula",
    "defaultedOnCreate",
    "dependentPicklist",
    "deprecatedAndHidden",
    "digits",
    "displayLocationInDecimal",
    "encrypted",
    "externalId",
    "extraTypeInfo",
    "filterable",
    "filteredLookupInfo",
    "formulaTreatNullNumberAsZero",
    "groupable",
    "highScaleNumber",
    "htmlFormatted",
    "idLookup",
    "inlineHelpText",
    "label",
    "length",
    "mask",
    "maskType",
    "name",
    "nameField",
    "namePointing",
    "nillable",
    "permissionable",
    "picklistValues",
    "polymorphicForeignKey",
    "precision",
    "queryByDistance",
    "referenceTargetField",
    "referenceTo",
    "relationshipName",
    "relationshipOrder",
    "restrictedDelete",
    "restrictedPicklist",
    "scale",
    "searchPrefilterable",
    "soapType",
    "sortable",
    "type",
    "unique",
    "updateable",
    "writeRequiresMasterRead",
]
assert len(FIELD_KEYS) == 57 and FIELD_KEYS == sorted(FIELD_KEYS)

TOP_LEVEL_KEYS = [
    "actionOverrides",
    "activateable",
    "childRelationships",
    "compactLayoutable",
    "createable",
    "custom",
    "customSetting",
    "deepCloneable",
    "defaultImplementation",
    "deletable",
    "deprecatedAndHidden",
    "extendedBy",
    "extendsInterfaces",
    "feedEnabled",
    "fields",
    "hasSubtypes",
    "implementedBy",
    "implementsInterfaces",
    "isInterface",
    "isSubtype",
    "keyPrefix",
    "label",
    "labelPlural",
    "layoutable",
    "listviewable",
    "lookupLayoutable",
    "mergeable",
    "mruEnabled",
    "name",
    "namedLayoutInfos",
    "networkScopeFieldName",
    "queryable",
    "recordTypeInfos",
    "replicateable",
    "retrieveable",
    "searchLayoutable",
    "searchable",
    "supportedScopes",
    "triggerable",
    "undeletable",
    "updateable",
    "urls",
]
assert TOP_LEVEL_KEYS == sorted(TOP_LEVEL_KEYS)

CHILD_KEYS = [
    "cascadeDelete",
    "childSObject",
    "deprecatedAndHidden",
    "field",
    "junctionIdListNames",
    "junctionReferenceTo",
    "relationshipName",
    "restrictedDelete",
]

# The VS Code extension's soqlMetadata cache keeps only these.
TRIMMED_FIELD_KEYS = [
    "aggregatable",
    "custom",
    "defaultValue",
    "extraTypeInfo",
    "filterable",
    "groupable",
    "inlineHelpText",
    "label",
    "name",
    "nillable",
    "picklistValues",
    "referenceTo",
    "relationshipName",
    "sortable",
    "type",
]
# Key order as the extension writes it (not alphabetical).
TRIMMED_TOP_LEVEL_KEYS = ["fields", "label", "childRelationships", "custom", "name", "queryable"]

# --------------------------------------------------------------------------
# Field builders
# --------------------------------------------------------------------------

# Per-type defaults: (soapType, length, byteLength-multiplier, aggregatable,
# groupable, sortable, filterable)
_TYPE_DEFAULTS = {
    "id": dict(soapType="tns:ID", length=18, byteLength=18),
    "reference": dict(soapType="tns:ID", length=18, byteLength=18),
    "string": dict(soapType="xsd:string", length=255),
    "textarea": dict(soapType="xsd:string", length=255),
    "picklist": dict(soapType="xsd:string", length=40),
    "multipicklist": dict(soapType="xsd:string", length=4099, byteLength=4099, groupable=False, sortable=False, aggregatable=False),
    "combobox": dict(soapType="xsd:string", length=255),
    "email": dict(soapType="xsd:string", length=80),
    "phone": dict(soapType="xsd:string", length=40),
    "url": dict(soapType="xsd:string", length=255),
    "boolean": dict(soapType="xsd:boolean", aggregatable=False, defaultValue=False, defaultedOnCreate=True, nillable=False),
    "datetime": dict(soapType="xsd:dateTime", groupable=False),
    "date": dict(soapType="xsd:date"),
    "time": dict(soapType="xsd:time"),
    "double": dict(soapType="xsd:double", precision=18, scale=2, groupable=False),
    "currency": dict(soapType="xsd:double", precision=18, scale=2, groupable=False),
    "percent": dict(soapType="xsd:double", precision=3, scale=0, groupable=False),
    "int": dict(soapType="xsd:int", digits=9),
    "base64": dict(
        soapType="xsd:base64Binary",
        aggregatable=False,
        groupable=False,
        sortable=False,
        filterable=False,
    ),
    "address": dict(
        soapType="urn:address",
        aggregatable=False,
        groupable=False,
        sortable=False,
        createable=False,
        updateable=False,
        queryByDistance=True,
    ),
    "location": dict(
        soapType="urn:location",
        aggregatable=False,
        groupable=False,
        sortable=False,
        createable=False,
        updateable=False,
        queryByDistance=True,
    ),
    "anyType": dict(
        soapType="xsd:anyType",
        length=255,
        aggregatable=False,
        groupable=False,
        sortable=False,
        filterable=False,
    ),
}

_STRINGISH = {"string", "textarea", "picklist", "combobox", "email", "phone", "url"}


def _auto_label(name: str) -> str:
    """A readable label from an API name: 'SuppliedEmail' -> 'Supplied Email',
    'AccountId' -> 'Account ID', 'Due_Date__c' -> 'Due Date'."""
    base = name
    for suffix in ("__c", "__s"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            return base.replace("_", " ")
    words: list[str] = []
    cur = ""
    for i, ch in enumerate(base):
        if ch.isupper() and cur and (not cur[-1].isupper() or (i + 1 < len(base) and base[i + 1].islower())):
            words.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(cur)
    if words and words[-1] == "Id":
        words[-1] = "ID"
    return " ".join(words)


def pick(*values, default=None):
    """Picklist values in the describe shape. ``default`` names the default value."""
    out = []
    for v in values:
        if isinstance(v, tuple):
            value, label = v
        else:
            value, label = v, v
        out.append(
            {
                "active": True,
                "defaultValue": value == default,
                "label": label,
                "validFor": None,
                "value": value,
            }
        )
    return out


def F(name: str, type_: str, label: str | None = None, **kw) -> dict:
    """One field with the full 57-key shape.

    Shorthands in ``kw``: ``ref`` (referenceTo list), ``rel`` (relationshipName),
    ``values`` (picklistValues), ``readonly`` (createable=updateable=False),
    ``required`` (nillable=False).  Everything else overrides a key directly.
    """
    custom = name.endswith("__c") or name.endswith("__s")
    f = {
        "aggregatable": True,
        "aiPredictionField": False,
        "autoNumber": False,
        "byteLength": 0,
        "calculated": False,
        "calculatedFormula": None,
        "cascadeDelete": False,
        "caseSensitive": False,
        "compoundFieldName": None,
        "controllerName": None,
        "createable": True,
        "custom": custom,
        "defaultValue": None,
        "defaultValueFormula": None,
        "defaultedOnCreate": False,
        "dependentPicklist": False,
        "deprecatedAndHidden": False,
        "digits": 0,
        "displayLocationInDecimal": False,
        "encrypted": False,
        "externalId": False,
        "extraTypeInfo": None,
        "filterable": True,
        "filteredLookupInfo": None,
        "formulaTreatNullNumberAsZero": False,
        "groupable": True,
        "highScaleNumber": False,
        "htmlFormatted": False,
        "idLookup": False,
        "inlineHelpText": None,
        "label": label if label is not None else _auto_label(name),
        "length": 0,
        "mask": None,
        "maskType": None,
        "name": name,
        "nameField": False,
        "namePointing": False,
        "nillable": True,
        "permissionable": True,
        "picklistValues": [],
        "polymorphicForeignKey": False,
        "precision": 0,
        "queryByDistance": False,
        "referenceTargetField": None,
        "referenceTo": [],
        "relationshipName": None,
        "relationshipOrder": None,
        "restrictedDelete": False,
        "restrictedPicklist": False,
        "scale": 0,
        "searchPrefilterable": False,
        "soapType": None,
        "sortable": True,
        "type": type_,
        "unique": False,
        "updateable": True,
        "writeRequiresMasterRead": False,
    }
    f.update(_TYPE_DEFAULTS[type_])
    if type_ in _STRINGISH and "length" in kw:
        f["length"] = kw["length"]
    if type_ in _STRINGISH:
        f["byteLength"] = f["length"] * 3

    # Long text areas cannot be filtered, grouped or sorted.
    if type_ == "textarea":
        f["extraTypeInfo"] = "plaintextarea"
        if kw.get("length", f["length"]) > 255:
            f.update(aggregatable=False, filterable=False, groupable=False, sortable=False)

    if type_ == "reference":
        ref = kw.pop("ref")
        f["referenceTo"] = list(ref)
        f["relationshipName"] = kw.pop("rel")
        if len(ref) > 1:
            f["polymorphicForeignKey"] = True
            f["namePointing"] = True
        # Lookups narrow global search ("searchPrefilterable") on most objects.
        f["searchPrefilterable"] = not f["polymorphicForeignKey"]
    if "values" in kw:
        f["picklistValues"] = kw.pop("values")
    if kw.pop("readonly", False):
        f["createable"] = False
        f["updateable"] = False
    if kw.pop("required", False):
        f["nillable"] = False
    if not f["createable"] and not f["updateable"] and type_ not in ("address", "location"):
        # Read-only system fields are not field-level-security controllable
        # (compound fields are: their visibility follows the components).
        f["permissionable"] = False
    if not f["nillable"] and type_ != "boolean":
        # Required fields are always visible; booleans are never nillable but
        # remain permissionable when editable.
        f["permissionable"] = False
    f.update(kw)
    if type_ in _STRINGISH and "byteLength" not in kw:
        f["byteLength"] = f["length"] * 3
    assert list(f.keys()) == FIELD_KEYS, name
    return f


def rich_text(name: str, label: str | None = None, length: int = 32768, **kw) -> dict:
    return F(
        name,
        "textarea",
        label,
        length=length,
        extraTypeInfo="richtextarea",
        htmlFormatted=True,
        **kw,
    )


def name_field(label: str, length: int = 80, **kw) -> dict:
    """The standard ``Name`` field of an object (nameField: true)."""
    kw.setdefault("required", True)
    return F("Name", "string", label, length=length, nameField=True, idLookup=True, custom=False, **kw)


def auto_number_name(label: str, length: int = 80) -> dict:
    return F(
        "Name",
        "string",
        label,
        length=length,
        nameField=True,
        autoNumber=True,
        idLookup=True,
        readonly=True,
        required=True,
        defaultedOnCreate=True,
        custom=False,
    )


def id_field(obj_label: str) -> dict:
    return F(
        "Id",
        "id",
        f"{obj_label} ID",
        readonly=True,
        required=True,
        defaultedOnCreate=True,
        idLookup=True,
    )


def is_deleted() -> dict:
    return F("IsDeleted", "boolean", "Deleted", readonly=True)


def audit_fields(skip: tuple[str, ...] = ()) -> list[dict]:
    out = [
        F("CreatedDate", "datetime", "Created Date", readonly=True, required=True, defaultedOnCreate=True),
        F("CreatedById", "reference", "Created By ID", ref=["User"], rel="CreatedBy", readonly=True, required=True, defaultedOnCreate=True, custom=False, searchPrefilterable=False),
        F("LastModifiedDate", "datetime", "Last Modified Date", readonly=True, required=True, defaultedOnCreate=True),
        F("LastModifiedById", "reference", "Last Modified By ID", ref=["User"], rel="LastModifiedBy", readonly=True, required=True, defaultedOnCreate=True, custom=False, searchPrefilterable=False),
        F("SystemModstamp", "datetime", "System Modstamp", readonly=True, required=True, defaultedOnCreate=True),
    ]
    return [f for f in out if f["name"] not in skip]


def owner_field(ref: list[str], **kw) -> dict:
    kw.setdefault("defaultedOnCreate", True)
    kw.setdefault("required", True)
    kw.setdefault("searchPrefilterable", False)
    return F("OwnerId", "reference", "Owner ID", ref=ref, rel="Owner", custom=False, **kw)


def last_viewed() -> list[dict]:
    return [
        F("LastViewedDate", "datetime", "Last Viewed Date", readonly=True),
        F("LastReferencedDate", "datetime", "Last Referenced Date", readonly=True),
    ]


def address(prefix: str, label_prefix: str) -> list[dict]:
    """A compound address with its component fields (Salesforce lists the
    components first, then the compound)."""
    comp = f"{prefix}Address"
    return [
        F(f"{prefix}Street", "textarea", f"{label_prefix} Street", length=255, compoundFieldName=comp),
        F(f"{prefix}City", "string", f"{label_prefix} City", length=40, compoundFieldName=comp),
        F(f"{prefix}State", "string", f"{label_prefix} State/Province", length=80, compoundFieldName=comp),
        F(f"{prefix}PostalCode", "string", f"{label_prefix} Zip/Postal Code", length=20, compoundFieldName=comp),
        F(f"{prefix}Country", "string", f"{label_prefix} Country", length=80, compoundFieldName=comp),
        F(f"{prefix}Latitude", "double", f"{label_prefix} Latitude", precision=18, scale=15, compoundFieldName=comp),
        F(f"{prefix}Longitude", "double", f"{label_prefix} Longitude", precision=18, scale=15, compoundFieldName=comp),
        F(
            f"{prefix}GeocodeAccuracy",
            "picklist",
            f"{label_prefix} Geocode Accuracy",
            compoundFieldName=comp,
            restrictedPicklist=True,
            values=pick("Address", "NearAddress", "Block", "Street", "ExtendedZip", "Zip", "Neighborhood", "City", "County", "State", "Unknown"),
        ),
        F(comp, "address", f"{label_prefix} Address"),
    ]


def geolocation(name: str, label: str, scale: int = 6) -> list[dict]:
    """A custom geolocation field: the compound plus its __Latitude__s /
    __Longitude__s components."""
    stem = name[: -len("__c")]
    return [
        F(name, "location", label, displayLocationInDecimal=True, scale=scale),
        F(f"{stem}__Latitude__s", "double", f"{label} (Latitude)", precision=9, scale=scale, compoundFieldName=name),
        F(f"{stem}__Longitude__s", "double", f"{label} (Longitude)", precision=9, scale=scale, compoundFieldName=name),
    ]


# --------------------------------------------------------------------------
# Child relationships
# --------------------------------------------------------------------------


def C(child: str, field: str, name: str | None, cascade: bool = False, restricted: bool = False) -> dict:
    return {
        "cascadeDelete": cascade,
        "childSObject": child,
        "deprecatedAndHidden": False,
        "field": field,
        "junctionIdListNames": [],
        "junctionReferenceTo": [],
        "relationshipName": name,
        "restrictedDelete": restricted,
    }


def standard_children(obj: str, *, feed: bool = True, activities: bool = True, history: str | None = None,
                      share: tuple[str, str | None] | None = None, change_event: bool = True) -> list[dict]:
    """The boilerplate relationships most record-bearing objects have."""
    out = [
        C("AttachedContentDocument", "LinkedEntityId", "AttachedContentDocuments", cascade=True),
        C("CombinedAttachment", "ParentId", "CombinedAttachments", cascade=True),
        C("ContentDistribution", "RelatedRecordId", None, cascade=True),
        C("ContentVersion", "FirstPublishLocationId", None),
        C("EntitySubscription", "ParentId", "FeedSubscriptionsForEntity", cascade=True),
        C("FeedComment", "ParentId", None),
        C("FeedItem", "ParentId", None, cascade=True),
        C("FlowExecutionErrorEvent", "ContextRecordId", None),
        C("FlowRecordRelation", "RelatedRecordId", None),
        C("ProcessInstance", "TargetObjectId", "ProcessInstances", cascade=True),
        C("ProcessInstanceHistory", "TargetObjectId", "ProcessSteps"),
        C("RecordAction", "RecordId", "RecordActions", cascade=True),
        C("RecordActionHistory", "ParentRecordId", "RecordActionHistories"),
        C("TopicAssignment", "EntityId", "TopicAssignments", cascade=True),
    ]
    if feed:
        out.append(C(f"{obj[:-3] if obj.endswith('__c') else obj}{'__Feed' if obj.endswith('__c') else 'Feed'}", "ParentId", "Feeds", cascade=True))
    if activities:
        out += [
            C("ActivityHistory", "WhatId", "ActivityHistories", cascade=True),
            C("Event", "WhatId", "Events", cascade=True),
            C("EventChangeEvent", "WhatId", None),
            C("OpenActivity", "WhatId", "OpenActivities", cascade=True),
            C("Task", "WhatId", "Tasks", cascade=True),
            C("TaskChangeEvent", "WhatId", None),
        ]
    if history:
        child, fld = history.split(".")
        out.append(C(child, fld, "Histories", cascade=True))
    if share:
        child_field, name = share
        child, fld = child_field.split(".")
        out.append(C(child, fld, name, cascade=True))
    return out


def finish_children(rels: list[dict]) -> list[dict]:
    """Sort by (childSObject, field) as Salesforce does, dropping exact duplicates."""
    seen: dict[tuple[str, str], dict] = {}
    for r in rels:
        key = (r["childSObject"], r["field"])
        if key in seen:
            if seen[key] != r:
                raise SystemExit(f"conflicting child relationship {key}: {seen[key]} vs {r}")
            continue
        seen[key] = r
    return [seen[k] for k in sorted(seen)]


# --------------------------------------------------------------------------
# Object-level payload
# --------------------------------------------------------------------------


def urls(name: str, key_prefix: str, extra: dict[str, str] | None = None) -> dict:
    base = f"/services/data/{API_VERSION}/sobjects/{name}"
    u = {
        "rowTemplate": f"{base}/{{ID}}",
        "approvalLayouts": f"{base}/describe/approvalLayouts",
        "uiDetailTemplate": f"{INSTANCE_URL}/{{ID}}",
        "quickActions": f"{base}/quickActions",
        "layouts": f"{base}/describe/layouts",
        "compactLayouts": f"{base}/describe/compactLayouts",
        "uiEditTemplate": f"{INSTANCE_URL}/{{ID}}/e",
    }
    for k, v in (extra or {}).items():
        u[k] = v.replace("{base}", base)
    u.update(
        {
            "defaultValues": f"{base}/defaultValues?recordTypeId&fields",
            "listviews": f"{base}/listviews",
            "describe": f"{base}/describe",
            "uiNewRecord": f"{INSTANCE_URL}/{key_prefix}/e",
            "sobject": base,
        }
    )
    return u


def scopes(plural_lower: str, *, owner: str | None = "user", team: bool = False, case_like: bool = False) -> list[dict]:
    if case_like:
        return [
            {"label": f"All {plural_lower}", "name": "everything"},
            {"label": f"My {plural_lower[:-1]} team's {plural_lower}", "name": "genericteam"},
            {"label": f"My {plural_lower}", "name": "mine"},
            {"label": f"Queue owned {plural_lower}", "name": "queue_owned"},
            {"label": f"My role-based team's {plural_lower}", "name": "team_by_role"},
            {"label": f"User owned {plural_lower}", "name": "user_owned"},
        ]
    out = [{"label": f"All {plural_lower}", "name": "everything"}]
    if owner is not None:
        out.append({"label": f"My {plural_lower}", "name": "mine"})
    if owner == "queue":
        out.append({"label": f"Queue owned {plural_lower}", "name": "queue_owned"})
    if team:
        out.append({"label": f"My team's {plural_lower}", "name": "team"})
    if owner == "queue":
        out.append({"label": f"User owned {plural_lower}", "name": "user_owned"})
    return out


def sobject(
    name: str,
    *,
    label: str,
    label_plural: str,
    key_prefix: str,
    fields: list[dict],
    children: list[dict],
    supported_scopes: list[dict],
    extra_urls: dict[str, str] | None = None,
    **flags,
) -> dict:
    custom = name.endswith("__c")
    d = {
        "actionOverrides": [],
        "activateable": False,
        "childRelationships": finish_children(children),
        "compactLayoutable": True,
        "createable": True,
        "custom": custom,
        "customSetting": False,
        "deepCloneable": False,
        "defaultImplementation": None,
        "deletable": True,
        "deprecatedAndHidden": False,
        "extendedBy": None,
        "extendsInterfaces": None,
        "feedEnabled": False,
        "fields": fields,
        "hasSubtypes": False,
        "implementedBy": None,
        "implementsInterfaces": None,
        "isInterface": False,
        "isSubtype": False,
        "keyPrefix": key_prefix,
        "label": label,
        "labelPlural": label_plural,
        "layoutable": True,
        "listviewable": None,
        "lookupLayoutable": None,
        "mergeable": False,
        "mruEnabled": True,
        "name": name,
        "namedLayoutInfos": [],
        "networkScopeFieldName": None,
        "queryable": True,
        "recordTypeInfos": [
            {
                "active": True,
                "available": True,
                "defaultRecordTypeMapping": True,
                "developerName": "Master",
                "master": True,
                "name": "Master",
                "recordTypeId": MASTER_RECORD_TYPE_ID,
                "urls": {
                    "layout": f"/services/data/{API_VERSION}/sobjects/{name}/describe/layouts/{MASTER_RECORD_TYPE_ID}"
                },
            }
        ],
        "replicateable": True,
        "retrieveable": True,
        "searchLayoutable": True,
        "searchable": True,
        "supportedScopes": supported_scopes,
        "triggerable": True,
        "undeletable": True,
        "updateable": True,
        "urls": urls(name, key_prefix, extra_urls),
    }
    for k, v in flags.items():
        if k not in d:
            raise SystemExit(f"{name}: unknown top-level flag {k}")
        d[k] = v
    assert list(d.keys()) == TOP_LEVEL_KEYS, name
    names = [f["name"] for f in fields]
    assert len(names) == len(set(names)), f"{name}: duplicate field names"
    return d


# --------------------------------------------------------------------------
# Objects
# --------------------------------------------------------------------------


def case(fixtures: bool) -> dict:
    fields = [
        id_field("Case"),
        is_deleted(),
        F("MasterRecordId", "reference", "Master Record ID", ref=["Case"], rel="MasterRecord", readonly=True, searchPrefilterable=False),
        F("CaseNumber", "string", "Case Number", length=30, autoNumber=True, nameField=True, idLookup=True, readonly=True, required=True, defaultedOnCreate=True),
        F("ContactId", "reference", "Contact ID", ref=["Contact"], rel="Contact"),
        F("AccountId", "reference", "Account ID", ref=["Account"], rel="Account"),
        F("AssetId", "reference", "Asset ID", ref=["Asset"], rel="Asset"),
        F("ParentId", "reference", "Parent Case ID", ref=["Case"], rel="Parent"),
        F("SuppliedName", "string", "Name", length=80),
        F("SuppliedEmail", "email", "Email Address"),
        F("SuppliedPhone", "string", "Phone", length=40),
        F("SuppliedCompany", "string", "Company", length=80),
        F("Type", "picklist", "Case Type", values=pick("Problem", "Feature Request", "Question", "Other")),
        F("Status", "picklist", "Status", defaultedOnCreate=True, values=pick("New", "Working", "Escalated", "On Hold", "Closed", default="New")),
        F("Reason", "picklist", "Case Reason", values=pick("Installation", "Equipment Complexity", "Performance", "Breakdown", "Equipment Design", "Feedback", "Billing", "Other")),
        F("Origin", "picklist", "Case Origin", values=pick("Phone", "Email", "Web", "Chat")),
        F("Subject", "string", "Subject", length=255),
        F("Priority", "picklist", "Priority", defaultedOnCreate=True, values=pick("High", "Medium", "Low", default="Medium")),
        F("Description", "textarea", "Description", length=32000),
        F("IsClosed", "boolean", "Closed", readonly=True),
        F("ClosedDate", "datetime", "Closed Date", readonly=True),
        F("IsEscalated", "boolean", "Escalated"),
        owner_field(["Group", "User"]),
        *audit_fields(),
        F("ContactPhone", "phone", "Contact Phone", readonly=True),
        F("ContactMobile", "phone", "Contact Mobile", readonly=True),
        F("ContactEmail", "email", "Contact Email", readonly=True),
        F("ContactFax", "phone", "Contact Fax", readonly=True),
        F("Comments", "textarea", "Internal Comments", length=4000),
        *last_viewed(),
    ]
    children = [
        C("Attachment", "ParentId", "Attachments", cascade=True),
        C("Case", "ParentId", "Cases"),
        C("CaseChangeEvent", "ParentId", None),
        C("CaseComment", "ParentId", "CaseComments", cascade=True),
        C("CaseContactRole", "CasesId", "CaseContactRoles", cascade=True),
        C("CaseExternalDocument", "CaseId", "CaseExternalDocuments", cascade=True),
        C("CaseHistory", "CaseId", "Histories", cascade=True),
        C("CaseMilestone", "CaseId", "CaseMilestones", cascade=True),
        C("CaseRelatedIssue", "CaseId", "CaseRelatedIssues", cascade=True),
        C("CaseShare", "CaseId", None, cascade=True),
        C("CaseSolution", "CaseId", "CaseSolutions", cascade=True),
        C("CaseTeamMember", "ParentId", "TeamMembers", cascade=True),
        C("CaseTeamTemplateRecord", "ParentId", "TeamTemplateRecords", cascade=True),
        C("CollaborationGroupRecord", "RecordId", "RecordAssociatedGroups", cascade=True),
        C("ContactRequest", "WhatId", "ContactRequests"),
        C("ContentDocumentLink", "LinkedEntityId", "ContentDocumentLinks", cascade=True),
        C("EmailMessage", "ParentId", "EmailMessages", cascade=True),
        C("EmailMessage", "RelatedToId", "Emails"),
        C("EmailMessageChangeEvent", "ParentId", None),
        C("EmailMessageChangeEvent", "RelatedToId", None),
        C("LiveChatTranscript", "CaseId", "LiveChatTranscripts"),
        C("MessagingSession", "CaseId", "MessagingSessions"),
        C("NetworkActivityAudit", "ParentEntityId", "ParentEntities"),
        C("PendingServiceRouting", "WorkItemId", None, cascade=True),
        C("ProductRequest", "CaseId", "ProductRequests"),
        C("ProductRequestChangeEvent", "CaseId", None),
        C("ProductRequestLineItem", "CaseId", "ProductRequestLineItems"),
        C("ReturnOrder", "CaseId", "ReturnOrders"),
        C("ReturnOrderChangeEvent", "CaseId", None),
        C("SocialPost", "ParentId", "Posts"),
        C("WorkOrder", "CaseId", "WorkOrders"),
        C("WorkOrderChangeEvent", "CaseId", None),
        *standard_children("Case"),
    ]
    if fixtures:
        children += [
            C("Ticket__c", "Case__c", "Tickets__r"),
            C("Ticket__c", "Related_Case__c", "Related_Tickets__r"),
            C("Ticket__c", "Legacy_Case__c", None),
            C("AuditLog__c", "Case__c", "AuditLogs__r"),
            C("Note__c", "Case__c", "Notes__r"),
            C("Bare__c", "Case__c", "Bares__r"),
            C("Trimmed__c", "Case__c", "Trimmeds__r"),
        ]
    return sobject(
        "Case",
        label="Case",
        label_plural="Cases",
        key_prefix="500",
        fields=fields,
        children=children,
        supported_scopes=scopes("cases", case_like=True),
        extra_urls={
            "caseArticleSuggestions": "{base}/suggestedArticles",
            "caseRowArticleSuggestions": "{base}/{ID}/suggestedArticles",
        },
        feedEnabled=True,
    )


def email_message() -> dict:
    fields = [
        id_field("Email Message"),
        F("ParentId", "reference", "Parent ID", ref=["Case"], rel="Parent"),
        F("ActivityId", "reference", "Activity ID", ref=["Task"], rel=None, readonly=True, searchPrefilterable=False),
        *audit_fields(),
        is_deleted(),
        F("TextBody", "textarea", "Text Body", length=131072),
        rich_text("HtmlBody", "HTML Body", length=131072),
        F("Headers", "textarea", "Headers", length=32000),
        F("Subject", "string", "Subject", length=3000),
        F("Name", "string", "Email Message Name", length=3000, readonly=True),
        F("FromName", "string", "From Name", length=1000),
        F("FromAddress", "email", "From Address", length=1000),
        F("ValidatedFromAddress", "picklist", "From", length=255, values=pick("support@acme.example", "billing@acme.example")),
        F("ToAddress", "string", "To Address", length=4000),
        F("CcAddress", "string", "CC Address", length=4000),
        F("BccAddress", "string", "BCC Address", length=4000),
        F("Incoming", "boolean", "Is Incoming"),
        F("HasAttachment", "boolean", "Has Attachment", readonly=True),
        F(
            "Status",
            "picklist",
            "Status",
            required=True,
            values=pick(("0", "New"), ("1", "Read"), ("2", "Replied"), ("3", "Sent"), ("4", "Forwarded"), ("5", "Draft")),
        ),
        F("MessageDate", "datetime", "Message Date"),
        F("ReplyToEmailMessageId", "reference", "Email Message ID", ref=["EmailMessage"], rel="ReplyToEmailMessage"),
        F("IsPrivateDraft", "boolean", "Is Private Draft", readonly=True),
        F("IsExternallyVisible", "boolean", "Is Externally Visible"),
        F("MessageIdentifier", "string", "Message ID", length=255),
        F("ThreadIdentifier", "string", "Thread ID", length=255),
        F("IsClientManaged", "boolean", "Is Client Managed"),
        F("RelatedToId", "reference", "Related To ID", ref=["Account", "Asset", "Case", "Opportunity"], rel="RelatedTo"),
        F("IsTracked", "boolean", "Is Tracked", readonly=True),
        F("IsOpened", "boolean", "Opened", readonly=True),
        F("FirstOpenedDate", "datetime", "First Opened", readonly=True),
        F("LastOpenedDate", "datetime", "Last Opened", readonly=True),
        F("IsBounced", "boolean", "Is Bounced", readonly=True),
    ]
    children = [
        C("Attachment", "ParentId", "Attachments", cascade=True),
        C("ContentDocumentLink", "LinkedEntityId", None, cascade=True),
        C("EmailMessage", "ReplyToEmailMessageId", None),
        C("EmailMessageChangeEvent", "ReplyToEmailMessageId", None),
        C("EmailMessageRelation", "EmailMessageId", "EmailMessageRelations", cascade=True),
        C("FeedItem", "ParentId", None, cascade=True),
        C("FlowExecutionErrorEvent", "ContextRecordId", None),
        C("FlowRecordRelation", "RelatedRecordId", None),
        C("ProcessInstance", "TargetObjectId", "ProcessInstances", cascade=True),
        C("ProcessInstanceHistory", "TargetObjectId", "ProcessSteps"),
    ]
    return sobject(
        "EmailMessage",
        label="Email Message",
        label_plural="Email Messages",
        key_prefix="02s",
        fields=fields,
        children=children,
        supported_scopes=scopes("email messages", owner=None),
        mruEnabled=False,
        searchable=True,
    )


ATTACHMENT_PARENTS = ["Account", "Asset", "Case", "Contact", "EmailMessage", "Opportunity", "Invoice__c"]


def attachment() -> dict:
    fields = [
        id_field("Attachment"),
        is_deleted(),
        F("ParentId", "reference", "Parent ID", ref=ATTACHMENT_PARENTS, rel="Parent", required=True, updateable=False),
        F("Name", "string", "File Name", length=255, required=True),
        F("IsPrivate", "boolean", "Private"),
        F("ContentType", "string", "Content Type", length=120),
        F("BodyLength", "int", "Body Length", readonly=True),
        F("Body", "base64", "Body", required=True),
        owner_field(["User"]),
        *audit_fields(),
        F("Description", "textarea", "Description", length=500),
    ]
    return sobject(
        "Attachment",
        label="Attachment",
        label_plural="Attachments",
        key_prefix="00P",
        fields=fields,
        children=[],
        supported_scopes=scopes("attachments", owner=None),
        compactLayoutable=False,
        layoutable=False,
        mruEnabled=False,
        searchLayoutable=False,
        searchable=False,
        undeletable=False,
    )


def contact() -> dict:
    fields = [
        id_field("Contact"),
        is_deleted(),
        F("MasterRecordId", "reference", "Master Record ID", ref=["Contact"], rel="MasterRecord", readonly=True, searchPrefilterable=False),
        F("AccountId", "reference", "Account ID", ref=["Account"], rel="Account"),
        F("LastName", "string", "Last Name", length=80, required=True, compoundFieldName="Name", extraTypeInfo="personname"),
        F("FirstName", "string", "First Name", length=40, compoundFieldName="Name", extraTypeInfo="personname"),
        F("Salutation", "picklist", "Salutation", compoundFieldName="Name", extraTypeInfo="personname", values=pick("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.")),
        F("Name", "string", "Full Name", length=121, nameField=True, readonly=True, required=True, extraTypeInfo="personname"),
        *address("Mailing", "Mailing"),
        F("Phone", "phone", "Business Phone"),
        F("Fax", "phone", "Business Fax"),
        F("MobilePhone", "phone", "Mobile Phone"),
        F("HomePhone", "phone", "Home Phone"),
        F("ReportsToId", "reference", "Reports To ID", ref=["Contact"], rel="ReportsTo"),
        F("Email", "email", "Email", idLookup=True),
        F("Title", "string", "Title", length=128),
        F("Department", "string", "Department", length=80),
        F("LeadSource", "picklist", "Lead Source", values=pick("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")),
        F("Birthdate", "date", "Birthdate"),
        F("Description", "textarea", "Contact Description", length=32000),
        owner_field(["User"]),
        *audit_fields(),
        F("LastActivityDate", "date", "Last Activity", readonly=True),
        *last_viewed(),
        F("EmailBouncedReason", "string", "Email Bounced Reason", length=255),
        F("EmailBouncedDate", "datetime", "Email Bounced Date"),
        F("IsEmailBounced", "boolean", "Is Email Bounced", readonly=True),
        F("PhotoUrl", "url", "Photo URL", readonly=True, extraTypeInfo="imageurl"),
        F("Preferred_Channel__c", "picklist", "Preferred Channel", length=255, values=pick("Email", "Phone", "SMS", "Portal"), inlineHelpText="How this contact prefers to be reached about open cases."),
    ]
    children = [
        C("AccountContactRole", "ContactId", "AccountContactRoles", cascade=True),
        C("Asset", "ContactId", "Assets"),
        C("Attachment", "ParentId", "Attachments", cascade=True),
        C("CampaignMember", "ContactId", "CampaignMembers", cascade=True),
        C("Case", "ContactId", "Cases"),
        C("CaseChangeEvent", "ContactId", None),
        C("CaseContactRole", "ContactId", "CaseContactRoles", cascade=True),
        C("Contact", "ReportsToId", None),
        C("ContactChangeEvent", "ReportsToId", None),
        C("ContactFeed", "ParentId", "Feeds", cascade=True),
        C("ContactHistory", "ContactId", "Histories", cascade=True),
        C("ContactRequest", "WhoId", "ContactRequests"),
        C("ContactShare", "ContactId", "Shares", cascade=True),
        C("ContentDocumentLink", "LinkedEntityId", "ContentDocumentLinks", cascade=True),
        C("DuplicateRecordItem", "RecordId", "DuplicateRecordItems", cascade=True),
        C("EmailStatus", "WhoId", "EmailStatuses", cascade=True),
        C("Event", "WhoId", "Events", cascade=True),
        C("Lead", "ConvertedContactId", None),
        C("Note", "ParentId", "Notes", cascade=True),
        C("NoteAndAttachment", "ParentId", "NotesAndAttachments", cascade=True),
        C("Opportunity", "ContactId", None),
        C("OpportunityChangeEvent", "ContactId", None),
        C("OpportunityContactRole", "ContactId", "OpportunityContactRoles", cascade=True),
        C("Task", "WhoId", "Tasks", cascade=True),
        C("User", "ContactId", "Users"),
        *standard_children("Contact", feed=False, activities=False),
        C("ActivityHistory", "WhoId", "ActivityHistories", cascade=True),
        C("OpenActivity", "WhoId", "OpenActivities", cascade=True),
        C("EventRelation", "RelationId", "EventRelations", cascade=True),
    ]
    return sobject(
        "Contact",
        label="Contact",
        label_plural="Contacts",
        key_prefix="003",
        fields=fields,
        children=children,
        supported_scopes=scopes("contacts", team=True),
        feedEnabled=True,
        mergeable=True,
    )


def account() -> dict:
    fields = [
        id_field("Account"),
        is_deleted(),
        F("MasterRecordId", "reference", "Master Record ID", ref=["Account"], rel="MasterRecord", readonly=True, searchPrefilterable=False),
        name_field("Account Name", length=255),
        F("Type", "picklist", "Account Type", values=pick("Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Installation Partner", "Technology Partner", "Other")),
        F("ParentId", "reference", "Parent Account ID", ref=["Account"], rel="Parent"),
        *address("Billing", "Billing"),
        *address("Shipping", "Shipping"),
        F("Phone", "phone", "Account Phone"),
        F("Fax", "phone", "Account Fax"),
        F("AccountNumber", "string", "Account Number", length=40, externalId=False),
        F("Website", "url", "Website"),
        F("PhotoUrl", "url", "Photo URL", readonly=True, extraTypeInfo="imageurl"),
        F("Sic", "string", "SIC Code", length=20),
        F(
            "Industry",
            "picklist",
            "Industry",
            values=pick("Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering", "Finance", "Healthcare", "Manufacturing", "Retail", "Technology", "Utilities", "Other"),
        ),
        F("AnnualRevenue", "currency", "Annual Revenue", scale=0),
        F("NumberOfEmployees", "int", "Employees", digits=8),
        F("Ownership", "picklist", "Ownership", values=pick("Public", "Private", "Subsidiary", "Other")),
        F("TickerSymbol", "string", "Ticker Symbol", length=20),
        F("Description", "textarea", "Account Description", length=32000),
        F("Rating", "picklist", "Account Rating", values=pick("Hot", "Warm", "Cold")),
        F("Site", "string", "Account Site", length=80),
        owner_field(["User"]),
        *audit_fields(),
        F("LastActivityDate", "date", "Last Activity", readonly=True),
        *last_viewed(),
        F("AccountSource", "picklist", "Account Source", values=pick("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")),
        F("YearStarted", "string", "Year Started", length=4),
        F(
            "External_Key__c",
            "string",
            "External Key",
            length=64,
            externalId=True,
            unique=True,
            idLookup=True,
            inlineHelpText="Key of this account in the billing system; used for upserts.",
        ),
        F("Tier__c", "picklist", "Support Tier", length=255, values=pick("Bronze", "Silver", "Gold", "Platinum", default="Bronze"), defaultedOnCreate=True),
    ]
    children = [
        C("Account", "ParentId", "ChildAccounts"),
        C("AccountChangeEvent", "ParentId", None),
        C("AccountContactRole", "AccountId", "AccountContactRoles", cascade=True),
        C("AccountPartner", "AccountFromId", "AccountPartnersFrom", cascade=True),
        C("AccountPartner", "AccountToId", "AccountPartnersTo", cascade=True),
        C("AccountShare", "AccountId", "Shares", cascade=True),
        C("AccountTeamMember", "AccountId", "AccountTeamMembers", cascade=True),
        C("ActivityHistory", "AccountId", None, cascade=True),
        C("Asset", "AccountId", "Assets"),
        C("Attachment", "ParentId", "Attachments", cascade=True),
        C("Case", "AccountId", "Cases", restricted=True),
        C("CaseChangeEvent", "AccountId", None),
        C("Contact", "AccountId", "Contacts", cascade=True),
        C("ContactChangeEvent", "AccountId", None),
        C("ContactRequest", "WhatId", "ContactRequests"),
        C("ContentDocumentLink", "LinkedEntityId", "ContentDocumentLinks", cascade=True),
        C("Contract", "AccountId", "Contracts", cascade=True, restricted=True),
        C("DuplicateRecordItem", "RecordId", "DuplicateRecordItems", cascade=True),
        C("EmailMessage", "RelatedToId", "Emails"),
        C("EmailMessageChangeEvent", "RelatedToId", None),
        C("Entitlement", "AccountId", "Entitlements", cascade=True),
        C("Event", "AccountId", None),
        C("EventChangeEvent", "AccountId", None),
        C("Invoice__c", "Account__c", "Invoices__r"),
        C("Lead", "ConvertedAccountId", None),
        C("Note", "ParentId", "Notes", cascade=True),
        C("NoteAndAttachment", "ParentId", "NotesAndAttachments", cascade=True),
        C("Opportunity", "AccountId", "Opportunities", cascade=True),
        C("OpportunityChangeEvent", "AccountId", None),
        C("OpportunityPartner", "AccountToId", "OpportunityPartnersTo", cascade=True),
        C("Order", "AccountId", "Orders", cascade=True, restricted=True),
        C("Partner", "AccountFromId", "PartnersFrom", cascade=True),
        C("Partner", "AccountToId", "PartnersTo", cascade=True),
        C("ReturnOrder", "AccountId", "ReturnOrders"),
        C("Task", "AccountId", None),
        C("TaskChangeEvent", "AccountId", None),
        C("User", "AccountId", "Users"),
        C("UserRole", "PortalAccountId", None),
        C("WorkOrder", "AccountId", "WorkOrders"),
        *standard_children("Account", history="AccountHistory.AccountId"),
    ]
    return sobject(
        "Account",
        label="Account",
        label_plural="Accounts",
        key_prefix="001",
        fields=fields,
        children=children,
        supported_scopes=scopes("accounts", team=True),
        feedEnabled=True,
        mergeable=True,
    )


def asset() -> dict:
    fields = [
        id_field("Asset"),
        F("ContactId", "reference", "Contact ID", ref=["Contact"], rel="Contact"),
        F("AccountId", "reference", "Account ID", ref=["Account"], rel="Account"),
        F("ParentId", "reference", "Parent Asset ID", ref=["Asset"], rel="Parent"),
        F("RootAssetId", "reference", "Root Asset ID", ref=["Asset"], rel="RootAsset", readonly=True),
        F("Product2Id", "reference", "Product ID", ref=["Product2"], rel="Product2"),
        F("ProductCode", "string", "Product Code", length=255, readonly=True),
        F("IsCompetitorProduct", "boolean", "Competitor Asset"),
        *audit_fields(),
        is_deleted(),
        name_field("Asset Name", length=255),
        F("SerialNumber", "string", "Serial Number", length=80),
        F("InstallDate", "date", "Install Date"),
        F("PurchaseDate", "date", "Purchase Date"),
        F("UsageEndDate", "date", "Usage End Date"),
        F("Status", "picklist", "Status", values=pick("Purchased", "Shipped", "Installed", "Registered", "Obsolete")),
        F("Price", "currency", "Price"),
        F("Quantity", "double", "Quantity", precision=12, scale=2),
        F("Description", "textarea", "Description", length=32000),
        owner_field(["User"]),
        *last_viewed(),
    ]
    children = [
        C("Asset", "ParentId", "ChildAssets"),
        C("Asset", "RootAssetId", None),
        C("AssetChangeEvent", "ParentId", None),
        C("AssetFeed", "ParentId", "Feeds", cascade=True),
        C("AssetHistory", "AssetId", "Histories", cascade=True),
        C("AssetShare", "AssetId", "Shares", cascade=True),
        C("Attachment", "ParentId", "Attachments", cascade=True),
        C("Case", "AssetId", "Cases"),
        C("CaseChangeEvent", "AssetId", None),
        C("ContentDocumentLink", "LinkedEntityId", "ContentDocumentLinks", cascade=True),
        C("EmailMessage", "RelatedToId", "Emails"),
        C("Entitlement", "AssetId", "Entitlements"),
        C("WorkOrder", "AssetId", "WorkOrders"),
        *standard_children("Asset", feed=False),
    ]
    return sobject(
        "Asset",
        label="Asset",
        label_plural="Assets",
        key_prefix="02i",
        fields=fields,
        children=children,
        supported_scopes=scopes("assets"),
        feedEnabled=True,
    )


def user() -> dict:
    fields = [
        id_field("User"),
        F("Username", "string", "Username", length=80, required=True, unique=True, idLookup=True),
        F("LastName", "string", "Last Name", length=80, required=True, compoundFieldName="Name", extraTypeInfo="personname"),
        F("FirstName", "string", "First Name", length=40, compoundFieldName="Name", extraTypeInfo="personname"),
        F("Name", "string", "Full Name", length=121, nameField=True, readonly=True, required=True, extraTypeInfo="personname"),
        F("CompanyName", "string", "Company Name", length=80),
        F("Division", "string", "Division", length=80),
        F("Department", "string", "Department", length=80),
        F("Title", "string", "Title", length=80),
        F("Email", "email", "Email", length=128, required=True),
        F("Phone", "phone", "Phone"),
        F("MobilePhone", "phone", "Mobile"),
        F("Alias", "string", "Alias", length=8, required=True),
        F("CommunityNickname", "string", "Nickname", length=40, required=True, unique=True, idLookup=True),
        F("IsActive", "boolean", "Active", defaultValue=True),
        F(
            "TimeZoneSidKey",
            "picklist",
            "Time Zone",
            required=True,
            restrictedPicklist=True,
            values=pick(
                ("Pacific/Auckland", "(GMT+12:00) New Zealand Standard Time (Pacific/Auckland)"),
                ("Australia/Sydney", "(GMT+10:00) Australian Eastern Standard Time (Australia/Sydney)"),
                ("Asia/Tokyo", "(GMT+09:00) Japan Standard Time (Asia/Tokyo)"),
                ("Europe/Berlin", "(GMT+01:00) Central European Standard Time (Europe/Berlin)"),
                ("Europe/London", "(GMT+00:00) Greenwich Mean Time (Europe/London)"),
                ("America/New_York", "(GMT-05:00) Eastern Standard Time (America/New_York)"),
                ("America/Chicago", "(GMT-06:00) Central Standard Time (America/Chicago)"),
                ("America/Los_Angeles", "(GMT-08:00) Pacific Standard Time (America/Los_Angeles)"),
            ),
        ),
        F("UserRoleId", "reference", "Role ID", ref=["UserRole"], rel="UserRole"),
        F("LocaleSidKey", "picklist", "Locale", required=True, restrictedPicklist=True, values=pick(("en_US", "English (United States)"), ("en_GB", "English (United Kingdom)"), ("de_DE", "German (Germany)"), ("fr_FR", "French (France)"), ("ja_JP", "Japanese (Japan)"))),
        F("EmailEncodingKey", "picklist", "Email Encoding", required=True, restrictedPicklist=True, values=pick(("UTF-8", "Unicode (UTF-8)"), ("ISO-8859-1", "General US & Western Europe (ISO-8859-1, ISO-LATIN-1)"))),
        F("ProfileId", "reference", "Profile ID", ref=["Profile"], rel="Profile", required=True),
        F("UserType", "picklist", "User Type", readonly=True, restrictedPicklist=True, values=pick(("Standard", "Standard"), ("PowerPartner", "Partner"), ("CspLitePortal", "High Volume Portal"), ("CsnOnly", "Chatter Free"))),
        F("LanguageLocaleKey", "picklist", "Language", required=True, restrictedPicklist=True, values=pick(("en_US", "English"), ("de", "German"), ("fr", "French"), ("ja", "Japanese"))),
        F("EmployeeNumber", "string", "Employee Number", length=20),
        F("ManagerId", "reference", "Manager ID", ref=["User"], rel="Manager"),
        F("LastLoginDate", "datetime", "Last Login", readonly=True),
        *audit_fields(),
        F("ContactId", "reference", "Contact ID", ref=["Contact"], rel="Contact", updateable=False),
        F("AccountId", "reference", "Account ID", ref=["Account"], rel="Account", readonly=True),
        F("SmallPhotoUrl", "url", "Photo", readonly=True, length=1024, extraTypeInfo="imageurl"),
        F("AboutMe", "textarea", "About Me", length=1000),
        *last_viewed(),
    ]
    # Real User describes carry several hundred entries; a handful is enough here.
    children = [
        C("ContentVersion", "FirstPublishLocationId", None),
        C("FeedComment", "ParentId", None),
        C("FlowRecordRelation", "RelatedRecordId", None),
        C("Group", "RelatedId", None),
        C("GroupMember", "UserOrGroupId", "GroupMemberships", cascade=True),
        C("Invoice__c", "Approver__c", "Approved_Invoices__r"),
        C("PermissionSetAssignment", "AssigneeId", "PermissionSetAssignments", cascade=True),
        C("User", "ManagerId", "ManagedUsers"),
        C("UserFeed", "ParentId", "Feeds", cascade=True),
        C("UserPreference", "UserId", "UserPreferences", cascade=True),
        C("UserShare", "UserId", None, cascade=True),
    ]
    return sobject(
        "User",
        label="User",
        label_plural="Users",
        key_prefix="005",
        fields=fields,
        children=children,
        supported_scopes=[{"label": "All users", "name": "everything"}],
        extra_urls={"passwordUtilities": "{base}/{ID}/password"},
        deletable=False,
        feedEnabled=True,
        undeletable=False,
    )


def group() -> dict:
    fields = [
        id_field("Group"),
        name_field("Name", length=40, required=False),
        F("DeveloperName", "string", "Developer Name", length=80),
        F("RelatedId", "reference", "Related ID", ref=["User", "UserRole"], rel="Related", readonly=True),
        F(
            "Type",
            "picklist",
            "Type",
            required=True,
            updateable=False,
            restrictedPicklist=True,
            values=pick(
                ("Regular", "Public Group"),
                ("Role", "Role"),
                ("RoleAndSubordinates", "Role and subordinates"),
                ("Organization", "Organization"),
                ("Queue", "Queue"),
                ("Manager", "Manager"),
                ("ManagerAndSubordinatesInternal", "Manager and subordinates"),
            ),
        ),
        F("Email", "email", "Email", length=255),
        owner_field(["Organization", "User"]),
        F("DoesSendEmailToMembers", "boolean", "Send Email to Members"),
        F("DoesIncludeBosses", "boolean", "Include Bosses"),
        *audit_fields(),
    ]
    children = [
        C("GroupMember", "GroupId", "GroupMembers", cascade=True),
        C("GroupMember", "UserOrGroupId", None, cascade=True),
        C("QueueSobject", "QueueId", "QueueSobjects", cascade=True),
        C("FlowRecordRelation", "RelatedRecordId", None),
    ]
    return sobject(
        "Group",
        label="Group",
        label_plural="Groups",
        key_prefix="00G",
        fields=fields,
        children=children,
        supported_scopes=[{"label": "All groups", "name": "everything"}],
        compactLayoutable=False,
        layoutable=False,
        mruEnabled=False,
        searchLayoutable=False,
        searchable=False,
        undeletable=False,
    )


def opportunity() -> dict:
    fields = [
        id_field("Opportunity"),
        is_deleted(),
        F("AccountId", "reference", "Account ID", ref=["Account"], rel="Account"),
        F("IsPrivate", "boolean", "Private"),
        name_field("Name", length=120),
        F("Description", "textarea", "Description", length=32000),
        F(
            "StageName",
            "picklist",
            "Stage",
            required=True,
            values=pick("Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"),
        ),
        F("Amount", "currency", "Amount"),
        F("Probability", "percent", "Probability (%)", defaultedOnCreate=True),
        F("ExpectedRevenue", "currency", "Expected Amount", readonly=True, calculated=True, calculatedFormula="Amount * Probability / 100"),
        F("TotalOpportunityQuantity", "double", "Quantity", precision=18, scale=2),
        F("CloseDate", "date", "Close Date", required=True),
        F("Type", "picklist", "Opportunity Type", values=pick("Existing Customer - Upgrade", "Existing Customer - Replacement", "Existing Customer - Downgrade", "New Customer")),
        F("NextStep", "string", "Next Step", length=255),
        F("LeadSource", "picklist", "Lead Source", values=pick("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")),
        F("IsClosed", "boolean", "Closed", readonly=True),
        F("IsWon", "boolean", "Won", readonly=True),
        F("ForecastCategory", "picklist", "Forecast Category", readonly=True, restrictedPicklist=True, values=pick("Omitted", "Pipeline", ("BestCase", "Best Case"), "Forecast", "Closed")),
        F("ForecastCategoryName", "picklist", "Forecast Category", defaultedOnCreate=True, restrictedPicklist=True, values=pick("Omitted", "Pipeline", "Best Case", "Commit", "Closed")),
        F("CampaignId", "reference", "Campaign ID", ref=["Campaign"], rel="Campaign"),
        F("HasOpportunityLineItem", "boolean", "Has Line Item", readonly=True),
        F("Pricebook2Id", "reference", "Price Book ID", ref=["Pricebook2"], rel="Pricebook2"),
        owner_field(["User"]),
        *audit_fields(),
        F("LastActivityDate", "date", "Last Activity", readonly=True),
        F("FiscalQuarter", "int", "Fiscal Quarter", readonly=True, digits=2),
        F("FiscalYear", "int", "Fiscal Year", readonly=True, digits=4),
        F("Fiscal", "string", "Fiscal Period", length=6, readonly=True),
        F("ContactId", "reference", "Contact ID", ref=["Contact"], rel=None, readonly=True, searchPrefilterable=False),
        *last_viewed(),
        F("HasOpenActivity", "boolean", "Has Open Activity", readonly=True),
        F("HasOverdueTask", "boolean", "Has Overdue Task", readonly=True),
    ]
    children = [
        C("Attachment", "ParentId", "Attachments", cascade=True),
        C("ContentDocumentLink", "LinkedEntityId", "ContentDocumentLinks", cascade=True),
        C("EmailMessage", "RelatedToId", "Emails"),
        C("EmailMessageChangeEvent", "RelatedToId", None),
        C("Invoice__c", "Opportunity__c", "Invoices__r"),
        C("Note", "ParentId", "Notes", cascade=True),
        C("NoteAndAttachment", "ParentId", "NotesAndAttachments", cascade=True),
        C("OpportunityCompetitor", "OpportunityId", "OpportunityCompetitors", cascade=True),
        C("OpportunityContactRole", "OpportunityId", "OpportunityContactRoles", cascade=True),
        C("OpportunityContactRoleChangeEvent", "OpportunityId", None),
        C("OpportunityFeed", "ParentId", "Feeds", cascade=True),
        C("OpportunityFieldHistory", "OpportunityId", "Histories", cascade=True),
        C("OpportunityHistory", "OpportunityId", "OpportunityHistories", cascade=True),
        C("OpportunityLineItem", "OpportunityId", "OpportunityLineItems", cascade=True),
        C("OpportunityPartner", "OpportunityId", "OpportunityPartnersFrom", cascade=True),
        C("OpportunityShare", "OpportunityId", "Shares", cascade=True),
        C("OpportunityTeamMember", "OpportunityId", "OpportunityTeamMembers", cascade=True),
        C("Partner", "OpportunityId", "Partners", cascade=True),
        C("Payment__c", "Opportunity__c", "Payments__r"),
        C("Quote", "OpportunityId", "Quotes", cascade=True),
        *standard_children("Opportunity", feed=False),
    ]
    return sobject(
        "Opportunity",
        label="Opportunity",
        label_plural="Opportunities",
        key_prefix="006",
        fields=fields,
        children=children,
        supported_scopes=scopes("opportunities", team=True),
        feedEnabled=True,
    )


def custom_head(obj_label: str, owner: list[str] | None) -> list[dict]:
    """Id, OwnerId and IsDeleted in the order Salesforce lists them for custom objects."""
    out = [id_field(obj_label).copy()]
    out[0]["label"] = "Record ID"
    if owner is not None:
        out.append(owner_field(owner))
    out.append(is_deleted())
    return out


def custom_tail() -> list[dict]:
    return [
        *audit_fields(),
        F("LastActivityDate", "date", "Last Activity Date", readonly=True),
        *last_viewed(),
    ]


def custom_children(obj: str, *, share_name: str | None = None, history: bool = False, files_name: str | None = "ContentDocumentLinks") -> list[dict]:
    stem = obj[: -len("__c")]
    out = [
        C("AttachedContentDocument", "LinkedEntityId", "AttachedContentDocuments", cascade=True),
        C("CollaborationGroupRecord", "RecordId", "RecordAssociatedGroups", cascade=True),
        C("CombinedAttachment", "ParentId", "CombinedAttachments", cascade=True),
        C("ContentDistribution", "RelatedRecordId", None, cascade=True),
        C("ContentDocumentLink", "LinkedEntityId", files_name, cascade=True),
        C("ContentVersion", "FirstPublishLocationId", None),
        C("EntitySubscription", "ParentId", "FeedSubscriptionsForEntity", cascade=True),
        C("FeedComment", "ParentId", None),
        C("FeedItem", "ParentId", None, cascade=True),
        C("FlowExecutionErrorEvent", "ContextRecordId", None),
        C("FlowRecordRelation", "RelatedRecordId", None),
        C("ProcessInstance", "TargetObjectId", "ProcessInstances", cascade=True),
        C("ProcessInstanceHistory", "TargetObjectId", "ProcessSteps"),
        C("RecordAction", "RecordId", "RecordActions", cascade=True),
        C("TopicAssignment", "EntityId", "TopicAssignments", cascade=True),
    ]
    if history:
        out.append(C(f"{stem}__History", "ParentId", "Histories", cascade=True))
    if share_name is not None or history:
        out.append(C(f"{stem}__Share", "ParentId", share_name, cascade=True))
    return out


def invoice() -> dict:
    fields = [
        *custom_head("Invoice", ["Group", "User"]),
        auto_number_name("Invoice Number"),
        *custom_tail(),
        F("Account__c", "reference", "Account", ref=["Account"], rel="Account__r"),
        F("Opportunity__c", "reference", "Opportunity", ref=["Opportunity"], rel="Opportunity__r"),
        F("Approver__c", "reference", "Approver", ref=["User"], rel="Approver__r"),
        F(
            "Status__c",
            "picklist",
            "Status",
            length=255,
            defaultedOnCreate=True,
            restrictedPicklist=True,
            values=pick("Draft", "Issued", "Partially Paid", "Paid", "Overdue", "Void", default="Draft"),
        ),
        F("Amount__c", "currency", "Amount", precision=16, scale=2),
        F("Due_Date__c", "date", "Due Date"),
        F("Issued_At__c", "datetime", "Issued At"),
        rich_text("Notes__c", "Notes"),
        F("Paid__c", "boolean", "Paid"),
        F(
            "External_Invoice_Id__c",
            "string",
            "External Invoice ID",
            length=40,
            externalId=True,
            idLookup=True,
            unique=True,
            inlineHelpText="Invoice number in the ERP; used as the upsert key.",
        ),
    ]
    children = [
        C("Attachment", "ParentId", "Attachments", cascade=True),
        C("Invoice_Line__c", "Invoice__c", "Invoice_Lines__r", cascade=True),
        C("Payment__c", "Invoice__c", "Payments__r"),
        C("ActivityHistory", "WhatId", "ActivityHistories", cascade=True),
        C("OpenActivity", "WhatId", "OpenActivities", cascade=True),
        C("Task", "WhatId", "Tasks", cascade=True),
        C("Event", "WhatId", "Events", cascade=True),
        C("Note", "ParentId", "Notes", cascade=True),
        C("NoteAndAttachment", "ParentId", "NotesAndAttachments", cascade=True),
        *custom_children("Invoice__c", history=True, share_name=None),
    ]
    return sobject(
        "Invoice__c",
        label="Invoice",
        label_plural="Invoices",
        key_prefix="a0I",
        fields=fields,
        children=children,
        supported_scopes=scopes("invoices", owner="queue"),
    )


def invoice_line() -> dict:
    fields = [
        *custom_head("Invoice Line", None),
        auto_number_name("Invoice Line Number"),
        *audit_fields(),
        *last_viewed(),
        F(
            "Invoice__c",
            "reference",
            "Invoice",
            ref=["Invoice__c"],
            rel="Invoice__r",
            required=True,
            updateable=False,
            cascadeDelete=True,
            relationshipOrder=0,
            writeRequiresMasterRead=False,
        ),
        F("Product__c", "reference", "Product", ref=["Product2"], rel="Product__r"),
        F("Quantity__c", "double", "Quantity", precision=10, scale=2, defaultValueFormula="1", defaultedOnCreate=True),
        F("Unit_Price__c", "currency", "Unit Price", precision=16, scale=2),
        F(
            "Line_Total__c",
            "currency",
            "Line Total",
            precision=18,
            scale=2,
            calculated=True,
            calculatedFormula="Quantity__c * Unit_Price__c",
            formulaTreatNullNumberAsZero=True,
            readonly=True,
            permissionable=True,
        ),
        F("Description__c", "string", "Description", length=255),
    ]
    return sobject(
        "Invoice_Line__c",
        label="Invoice Line",
        label_plural="Invoice Lines",
        key_prefix="a0J",
        fields=fields,
        children=custom_children("Invoice_Line__c", files_name=None),
        supported_scopes=scopes("invoice lines", owner=None),
    )


def payment() -> dict:
    fields = [
        *custom_head("Payment", ["User"]),
        name_field("Payment Name"),
        *custom_tail(),
        F("Invoice__c", "reference", "Invoice", ref=["Invoice__c"], rel="Invoice__r"),
        F("Opportunity__c", "reference", "Opportunity", ref=["Opportunity"], rel="Opportunity__r"),
        F("Amount__c", "currency", "Amount", precision=16, scale=2),
        F("Paid_On__c", "date", "Paid On"),
        F("Method__c", "picklist", "Method", length=255, values=pick("Bank Transfer", "Credit Card", "Check", "Cash", "Direct Debit")),
        F("Receipt__c", "base64", "Receipt"),
        F("Receipt_Name__c", "string", "Receipt Name", length=255),
        F("Receipt_Type__c", "string", "Receipt Content Type", length=120),
    ]
    return sobject(
        "Payment__c",
        label="Payment",
        label_plural="Payments",
        key_prefix="a0K",
        fields=fields,
        children=custom_children("Payment__c", files_name=None),
        supported_scopes=scopes("payments"),
    )


# ---- test-only objects ----------------------------------------------------


def ticket() -> dict:
    fields = [
        id_field("Ticket"),
        is_deleted(),
        name_field("Ticket Name"),
        *audit_fields(),
        F("Case__c", "reference", "Case", ref=["Case"], rel="Case__r"),
        F("Related_Case__c", "reference", "Related Case", ref=["Case"], rel="Related_Case__r"),
        F("Legacy_Case__c", "reference", "Legacy Case", ref=["Case"], rel=None),
        F("Summary__c", "string", "Summary", length=255),
        *geolocation("Geo__c", "Geo"),
        F("Payload__c", "anyType", "Payload"),
        F("Raw__c", "base64", "Raw"),
        F("Amount__c", "currency", "Amount", precision=16, scale=2),
        F("Opened_At__c", "datetime", "Opened At"),
        F("Opened_On__c", "date", "Opened On"),
    ]
    fields[0]["label"] = "Record ID"
    return sobject(
        "Ticket__c",
        label="Ticket",
        label_plural="Tickets",
        key_prefix="a0L",
        fields=fields,
        children=custom_children("Ticket__c"),
        supported_scopes=scopes("tickets", owner=None),
    )


def audit_log() -> dict:
    fields = [
        id_field("Audit Log"),
        is_deleted(),
        name_field("Audit Log Name"),
        *audit_fields(),
        F("Case__c", "reference", "Case", ref=["Case"], rel="Case__r"),
    ]
    fields[0]["label"] = "Record ID"
    return sobject(
        "AuditLog__c",
        label="Audit Log",
        label_plural="Audit Logs",
        key_prefix="a0M",
        fields=fields,
        children=[],
        supported_scopes=scopes("audit logs", owner=None),
        queryable=False,
        searchable=False,
        searchLayoutable=False,
        mruEnabled=False,
    )


def note() -> dict:
    fields = [
        id_field("Note"),
        is_deleted(),
        *audit_fields(),
        F("Body__c", "textarea", "Body", length=32000),
        F("Case__c", "reference", "Case", ref=["Case"], rel="Case__r"),
    ]
    fields[0]["label"] = "Record ID"
    return sobject(
        "Note__c",
        label="Note",
        label_plural="Notes",
        key_prefix="a0N",
        fields=fields,
        children=custom_children("Note__c"),
        supported_scopes=scopes("notes", owner=None),
    )


def bare() -> dict:
    by = {f["name"]: f for f in audit_fields()}
    fields = [
        id_field("Bare"),
        name_field("Bare Name"),
        F("Case__c", "reference", "Case", ref=["Case"], rel="Case__r"),
        by["CreatedById"],
        by["LastModifiedById"],
    ]
    fields[0]["label"] = "Record ID"
    return sobject(
        "Bare__c",
        label="Bare",
        label_plural="Bares",
        key_prefix="a0O",
        fields=fields,
        children=[],
        supported_scopes=scopes("bares", owner=None),
    )


def trimmed() -> dict:
    by = {f["name"]: f for f in audit_fields()}
    full = [
        id_field("Trimmed"),
        name_field("Trimmed Name"),
        F("Case__c", "reference", "Case", ref=["Case"], rel="Case__r"),
        by["CreatedDate"],
        by["CreatedById"],
        by["LastModifiedDate"],
        by["LastModifiedById"],
    ]
    full[0]["label"] = "Record ID"
    fields = [{k: f[k] for k in TRIMMED_FIELD_KEYS} for f in full]
    d = {
        "fields": fields,
        "label": "Trimmed",
        "childRelationships": [],
        "custom": True,
        "name": "Trimmed__c",
        "queryable": True,
    }
    assert list(d.keys()) == TRIMMED_TOP_LEVEL_KEYS
    return d


BUILDERS = {
    "EmailMessage": email_message,
    "Attachment": attachment,
    "Contact": contact,
    "Account": account,
    "Asset": asset,
    "User": user,
    "Group": group,
    "Opportunity": opportunity,
    "Invoice__c": invoice,
    "Invoice_Line__c": invoice_line,
    "Payment__c": payment,
    "Ticket__c": ticket,
    "AuditLog__c": audit_log,
    "Note__c": note,
    "Bare__c": bare,
    "Trimmed__c": trimmed,
}


def build_set(fixtures: bool) -> dict[str, dict]:
    names = EXAMPLE_OBJECTS + (TEST_ONLY_OBJECTS if fixtures else [])
    out = {}
    for n in names:
        out[n] = case(fixtures) if n == "Case" else BUILDERS[n]()
    return out


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

# Lookups that real orgs do not list on the parent (audit and owner fields are
# not child relationships of User/Group; MasterRecordId is never listed).
UNLISTED_LOOKUPS = {"CreatedById", "LastModifiedById", "OwnerId", "MasterRecordId"}


def validate(objs: dict[str, dict], where: str) -> list[str]:
    errors: list[str] = []
    for name, d in objs.items():
        trimmed_shape = name == "Trimmed__c"
        if trimmed_shape:
            if list(d.keys()) != TRIMMED_TOP_LEVEL_KEYS:
                errors.append(f"{where}/{name}: trimmed top-level keys {list(d.keys())}")
            for f in d["fields"]:
                if list(f.keys()) != TRIMMED_FIELD_KEYS:
                    errors.append(f"{where}/{name}.{f['name']}: trimmed field keys")
        else:
            if list(d.keys()) != TOP_LEVEL_KEYS:
                errors.append(f"{where}/{name}: top-level keys differ")
            for f in d["fields"]:
                if list(f.keys()) != FIELD_KEYS:
                    errors.append(f"{where}/{name}.{f['name']}: field keys differ")
        if d["name"] != name:
            errors.append(f"{where}/{name}: name is {d['name']}")
        fnames = [f["name"] for f in d["fields"]]
        if len(fnames) != len(set(fnames)):
            errors.append(f"{where}/{name}: duplicate field names")
        if not trimmed_shape and sum(1 for f in d["fields"] if f["nameField"]) > 1:
            errors.append(f"{where}/{name}: more than one nameField")
        # Relationship names are unique among a parent's fields and children.
        seen_rel: dict[str, str] = {}
        for f in d["fields"]:
            rn = f.get("relationshipName")
            if rn:
                if rn.lower() in seen_rel:
                    errors.append(f"{where}/{name}: relationshipName {rn} used twice")
                seen_rel[rn.lower()] = f["name"]
        for r in d["childRelationships"]:
            if list(r.keys()) != CHILD_KEYS:
                errors.append(f"{where}/{name}: child relationship keys {list(r.keys())}")
            rn = r["relationshipName"]
            if rn:
                if rn.lower() in seen_rel:
                    errors.append(f"{where}/{name}: child relationshipName {rn} clashes with {seen_rel[rn.lower()]}")
                seen_rel[rn.lower()] = f"{r['childSObject']}.{r['field']}"
            # Forward: the listed child field exists and points back here.
            child = objs.get(r["childSObject"])
            if child is None:
                continue
            cf = next((f for f in child["fields"] if f["name"] == r["field"]), None)
            if cf is None:
                errors.append(f"{where}/{name}: child {r['childSObject']}.{r['field']} has no such field")
            elif cf["type"] != "reference" or name not in cf["referenceTo"]:
                errors.append(f"{where}/{name}: child field {r['childSObject']}.{r['field']} does not reference {name}")
    # Reverse: every lookup between generated objects is listed on its parent.
    for name, d in objs.items():
        for f in d["fields"]:
            if f["type"] != "reference" or f["name"] in UNLISTED_LOOKUPS:
                continue
            for target in f["referenceTo"]:
                parent = objs.get(target)
                if parent is None:
                    continue
                if not any(r["childSObject"] == name and r["field"] == f["name"] for r in parent["childRelationships"]):
                    errors.append(f"{where}: {target} does not list child {name}.{f['name']}")
    return errors


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def dump(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, indent=4, ensure_ascii=False) + "\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main() -> int:
    sets = {
        EXAMPLES_DIR: build_set(fixtures=False),
        FIXTURES_DIR: build_set(fixtures=True),
    }
    errors: list[str] = []
    for directory, objs in sets.items():
        errors += validate(objs, str(directory.relative_to(ROOT)))
    if errors:
        for e in errors:
            print("error:", e, file=sys.stderr)
        return 1

    rows = []
    for directory, objs in sets.items():
        for name, payload in objs.items():
            path = directory / f"{name}.schema.json"
            dump(path, payload)
            # Re-read to prove the file parses.
            json.loads(path.read_text(encoding="utf-8"))
            rows.append(
                (
                    str(path.relative_to(ROOT)),
                    path.stat().st_size,
                    len(payload["fields"]),
                    len(payload["childRelationships"]),
                )
            )
    width = max(len(r[0]) for r in rows)
    print(f"{'file':<{width}}  {'bytes':>7}  {'fields':>6}  {'children':>8}")
    for path, size, nf, nc in rows:
        print(f"{path:<{width}}  {size:>7}  {nf:>6}  {nc:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

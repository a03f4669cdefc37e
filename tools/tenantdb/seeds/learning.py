"""Learning analytics: a learner profile per student, a small knowledge graph, and per student
three learning sessions with struggle events and the interventions they triggered."""

from __future__ import annotations

import json
import random
from typing import Any

from psycopg import Cursor

from . import DemoTenant, at, stable_id
from .identity import people

#: A chain with a fork: each concept's prerequisites (names), the first ones have none.
CONCEPTS = (
    ("Numbers", ()),
    ("Fractions", ("Numbers",)),
    ("Ratios", ("Fractions",)),
    ("Algebraic expressions", ("Numbers",)),
    ("Linear equations", ("Algebraic expressions", "Ratios")),
    ("Functions", ("Linear equations",)),
    ("Derivatives", ("Functions",)),
    ("Integrals", ("Derivatives",)),
)
COURSE_CONTEXTS = ("ctx-math-101", "ctx-math-201")
STRUGGLE_KINDS = ("repeated_error", "long_pause", "help_request", "rapid_guessing", "abandonment")
INTERVENTIONS = ("hint", "worked_example", "prerequisite_review", "encouragement", "educator_alert")


def learner_id(tenant: DemoTenant, n: int) -> str:
    """Learner profile id of the tenant's n-th student."""
    return stable_id(tenant, "learner", n)


def concept_id(tenant: DemoTenant, name: str) -> str:
    return stable_id(tenant, "concept", name)


def seed(cur: Cursor[Any], tenant: DemoTenant) -> None:
    rng = random.Random(f"learning:{tenant.slug}")
    students = [p for p in people(tenant) if p["role"] == "student"]

    cur.executemany(
        "INSERT INTO app.concepts (tenant_id, id, name, description, course_contexts, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        [(tenant.id, concept_id(tenant, name), name, f"{name}: core ideas and practice.",
          list(COURSE_CONTEXTS[: 1 + i // 4]), at(days=-50), at(days=-50))
         for i, (name, _) in enumerate(CONCEPTS)],
    )
    cur.executemany(
        "INSERT INTO app.concept_prerequisites (tenant_id, concept_id, prerequisite_id, created_at)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [(tenant.id, concept_id(tenant, name), concept_id(tenant, pre), at(days=-50))
         for name, pres in CONCEPTS for pre in pres],
    )

    profiles, sessions, struggles, interventions = [], [], [], []
    for n, person in enumerate(students, start=1):
        lid = learner_id(tenant, n)
        cognitive = {"memory_patterns": {"spacing_benefit": round(rng.uniform(0.2, 0.9), 2)},
                     "learning_velocity": round(rng.uniform(0.5, 2.0), 2)}
        privacy = {"consent": {"analytics": True, "research": n % 2 == 0},
                   "data_sharing": "institution" if n % 3 else "none"}
        profiles.append((tenant.id, lid, person["id"], person["lti_user_id"], json.dumps(cognitive),
                         json.dumps(privacy), at(days=-29), at(days=-29)))
        for s in range(3):
            sid = stable_id(tenant, f"learning_session:{n}", s)
            start = at(days=-20 + 5 * s, hours=n)
            sessions.append((tenant.id, sid, lid, COURSE_CONTEXTS[s % 2], start, at(days=-20 + 5 * s, hours=n + 1),
                             json.dumps({"hover_ms": rng.randint(200, 4000), "scroll_depth": round(rng.random(), 2)}),
                             1, start))
            eid = stable_id(tenant, f"struggle:{n}", s)
            concept = CONCEPTS[(n + s) % len(CONCEPTS)][0]
            struggles.append((tenant.id, eid, lid, sid, concept_id(tenant, concept), STRUGGLE_KINDS[(n + s) % 5],
                              round(rng.uniform(0.3, 0.95), 2), json.dumps({"attempts": rng.randint(2, 6)}),
                              at(days=-20 + 5 * s, hours=n, minutes=20)))
            interventions.append((tenant.id, stable_id(tenant, f"intervention:{n}", s), lid, sid, eid,
                                  INTERVENTIONS[(n + s) % 5], json.dumps({"concept": concept}),
                                  ("accepted", "dismissed", "ignored")[(n + s) % 3],
                                  at(days=-20 + 5 * s, hours=n, minutes=21)))
    cur.executemany(
        "INSERT INTO app.learner_profiles (tenant_id, id, user_id, lti_user_id, cognitive_profile, privacy_settings,"
        " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        profiles,
    )
    cur.executemany(
        "INSERT INTO app.learning_sessions (tenant_id, id, learner_id, course_context, session_start, session_end,"
        " behavioral_signals, interventions_delivered, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        sessions,
    )
    cur.executemany(
        "INSERT INTO app.struggle_events (tenant_id, id, learner_id, session_id, concept_id, kind, severity, signals,"
        " detected_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        struggles,
    )
    cur.executemany(
        "INSERT INTO app.intervention_logs (tenant_id, id, learner_id, session_id, struggle_event_id, intervention_type,"
        " content, outcome, delivered_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        interventions,
    )

#!/usr/bin/env python3
"""Fuzzes the site's server functions (/api/..., not the JSON API under
/api/v1/, which schemathesis covers from its OpenAPI document).

Every function in server_fns.json is called as an anonymous visitor, as an
editor and as an administrator, with arguments drawn by hypothesis: real
values mixed with random text (control characters, markup, very long
strings), arguments left out or given twice, unknown ones added, numbers
that are not numbers, JSON bodies of the wrong shape, bytes that are not
UTF-8. Every answer must be a 2xx, 3xx or 4xx, in time, on a connection the
server did not drop. The caller (run.sh) checks the log for panics.

    server_fns.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD EDITOR_EMAIL EDITOR_PASSWORD
Environment: FUZZ_EXAMPLES (per function and identity, default 40), FUZZ_SEED.
"""
import json
import os
import sys
from pathlib import Path

import itertools

import requests
from requests.adapters import HTTPAdapter
from hypothesis import HealthCheck, Phase, given, settings, seed
from hypothesis import strategies as st

BASE, ADMIN_EMAIL, ADMIN_PASSWORD, EDITOR_EMAIL, EDITOR_PASSWORD = sys.argv[1:6]
SPEC = json.loads((Path(__file__).parent / "server_fns.json").read_text())
VALUES = SPEC["values"]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
SEED = int(os.environ.get("FUZZ_SEED", "1"))
TIMEOUT = 10

failures = []

# Text a person or an attacker might type: any code point but surrogates,
# with the characters that break out of HTML, headers and URLs made likely.
nasty = st.sampled_from(
    ["\r\n", "\x00", "\x1b", "\u202e", "</textarea>", "</title>", "<script>", "%ZZ", "%00",
     "'", '"', "\\", "../", "&", "=", "[]", "{}", "\ufeff", "\U0001f600"]
)
text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)), max_size=80
) | st.lists(nasty | st.text(max_size=5), max_size=8).map("".join)
huge = st.integers(min_value=1_000, max_value=70_000).map(lambda n: "x" * n)


def value_of(kind):
    known = VALUES.get(kind)
    if known:
        return st.one_of(st.sampled_from(known), text, huge)
    return st.one_of(text, huge)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


def target_value():
    """An ActionTarget: a country's or a region's, or any JSON."""
    return st.one_of(
        st.builds(lambda c: {"Country": c}, value_of("iso3")),
        st.builds(lambda r: {"Region": r}, value_of("region")),
        json_values,
    )


def edit():
    """An ActionEdit: mostly the right shape with odd values, sometimes any JSON."""
    target = target_value()
    patch = st.fixed_dictionaries(
        {},
        optional={
            "status": value_of("status"),
            "themes": st.lists(value_of("theme"), max_size=3),
            "evidence": st.lists(st.sampled_from(["https://un.org/x", "javascript:alert(1)"]) | text, max_size=3),
            "note": text | huge,
        },
    )
    shaped = st.fixed_dictionaries(
        {"target": target, "kind": value_of("kind"), "version": st.integers() | text, "patch": patch}
    )
    return shaped | json_values


def arguments(function):
    args = function["args"]
    special = {"edit": edit, "target": target_value}
    strategies = {name: (special[kind]() if kind in special else value_of(kind)) for name, kind in args.items()}
    present = st.fixed_dictionaries({}, optional=strategies)
    extra = st.dictionaries(st.sampled_from(["extra", "lang[]", "__proto__", "id"]), text, max_size=2)
    return st.tuples(present, extra, st.booleans())


class FromAddress(HTTPAdapter):
    """Connects from a given loopback address, so that each new session is a
    new client to the server's per-address sign-in limits (the fuzzer signs
    in again after every call that may have signed it out)."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


ADDRESSES = (f"127.0.{n // 250 + 1}.{n % 250 + 1}" for n in itertools.count())


class Identity:
    def __init__(self, name, email=None, password=None):
        self.name, self.email, self.password = name, email, password
        self.session = None

    def fresh(self):
        """A session signed in as this identity (again, after a sign-out)."""
        self.session = requests.Session()
        self.session.mount("http://", FromAddress(next(ADDRESSES)))
        self.session.headers["Origin"] = BASE
        if self.email:
            response = self.session.post(
                f"{BASE}/api/sign-in",
                data={"lang": "en", "email": self.email, "password": self.password},
                headers={"Accept": "application/json"},
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            if response.status_code >= 400:
                raise SystemExit(f"fuzz: cannot sign in as {self.name}: {response.status_code}")
        return self.session

    def check(self):
        """Signs in again when the last call changed who this session is."""
        if self.session is not None and signed_in_as(self.session) != self.email:
            self.session = None


def signed_in_as(session):
    try:
        me = session.get(f"{BASE}/api/me", headers={"Accept": "application/json"}, timeout=TIMEOUT)
        return (me.json() or {}).get("email")
    except (requests.RequestException, ValueError, AttributeError):
        return None


def send(identity, function, drawn):
    present, extra, duplicate = drawn
    method, path = function["method"], function["path"]
    encoding = function.get("encoding", "url" if method == "GET" else "form")
    fields = {**extra, **present}
    kwargs = {"timeout": TIMEOUT, "allow_redirects": False}
    if encoding == "json":
        kwargs["data"] = json.dumps(fields).encode()
        kwargs["headers"] = {"content-type": "application/json", "Accept": "application/json"}
    else:
        pairs = [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in fields.items()]
        if duplicate and pairs:
            pairs.append(pairs[0])
        if method == "GET":
            kwargs["params"] = pairs
        else:
            kwargs["data"] = pairs
    session = identity.session or identity.fresh()
    label = f"{identity.name} {method} {path} {str(fields)[:200]!r}"
    try:
        response = session.request(method, BASE + path, **kwargs)
    except requests.RequestException as error:
        failures.append(f"{label}: no answer ({error.__class__.__name__}: {error})")
        return
    if response.status_code >= 500:
        failures.append(f"{label}: {response.status_code} {response.text[:200]!r}")
    # Whatever may change who is signed in makes the next call start afresh.
    if path in ("/api/sign-in", "/api/sign-out", "/api/change-password", "/api/admin/set-role"):
        identity.check()


def raw_bodies(identity):
    """Bodies no well-formed client sends."""
    session = identity.session or identity.fresh()
    bodies = [
        (b"lang=en&\xff\xfe=\xc0\xaf", "application/x-www-form-urlencoded"),
        (b"\x00" * 100, "application/x-www-form-urlencoded"),
        (b"{" * 5000, "application/json"),
        (b"lang=en", "application/json"),
        (b"<xml/>", "text/xml"),
        (b"a=" + b"%" * 3000, "application/x-www-form-urlencoded"),
    ]
    for function in SPEC["functions"]:
        if function["method"] != "POST":
            continue
        for body, content_type in bodies:
            try:
                response = session.post(
                    BASE + function["path"], data=body, headers={"content-type": content_type},
                    timeout=TIMEOUT, allow_redirects=False,
                )
            except requests.RequestException as error:
                failures.append(f"{identity.name} raw {function['path']}: no answer ({error})")
                continue
            if response.status_code >= 500:
                failures.append(f"{identity.name} raw {function['path']} {content_type}: {response.status_code}")
        if function["path"] in ("/api/sign-in", "/api/sign-out", "/api/change-password", "/api/admin/set-role"):
            identity.check()
            session = identity.session or identity.fresh()


def create_editor():
    admin = Identity("setup", ADMIN_EMAIL, ADMIN_PASSWORD).fresh()
    response = admin.post(
        f"{BASE}/api/admin/create-user",
        data={"email": EDITOR_EMAIL, "name": "Fuzz Editor", "role": "editor",
              "region": "africa", "password": EDITOR_PASSWORD},
        headers={"Accept": "application/json"},
        timeout=TIMEOUT,
    )
    if response.status_code not in (200, 422):
        raise SystemExit(f"fuzz: cannot create the editor: {response.status_code} {response.text[:200]}")


def main():
    create_editor()
    identities = [
        Identity("anonymous"),
        Identity("editor", EDITOR_EMAIL, EDITOR_PASSWORD),
        Identity("admin", ADMIN_EMAIL, ADMIN_PASSWORD),
    ]
    for identity in identities:
        for function in SPEC["functions"]:
            @seed(SEED)
            @settings(
                max_examples=EXAMPLES,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(arguments(function))
            def case(drawn):
                send(identity, function, drawn)

            case()
        raw_bodies(identity)
        print(f"fuzz: server functions as {identity.name}: done", flush=True)
    if failures:
        for failure in failures[:40]:
            print(f"fuzz: {failure}", file=sys.stderr)
        print(f"fuzz: {len(failures)} server function calls failed", file=sys.stderr)
        sys.exit(1)
    print("fuzz: server functions passed")


if __name__ == "__main__":
    main()

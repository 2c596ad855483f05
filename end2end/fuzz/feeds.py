"""The Atom feeds read by Python's feedparser, the parser many feed readers
are built on (run by run.sh against the release server): after one change
made through the API, every kind of feed parses without a "bozo" error, in
two languages, with the entry's title, author, links and content, and a
poll with the validators gets 304.

    python feeds.py BASE TOKEN
"""

import sys

import feedparser
import requests

BASE, TOKEN = sys.argv[1], sys.argv[2]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


# A change to report: Ghana's national strategy completed, with evidence.
response = requests.get(f"{BASE}/api/v1/countries/GHA", timeout=10)
version = next(a["version"] for a in response.json()["actions"] if a["kind"] == "national-strategy")
response = requests.patch(
    f"{BASE}/api/v1/countries/GHA/actions/national-strategy",
    json={"status": "completed", "evidence": ["https://ghana.un.org/en/strategy"], "note": "Adopted <b>in cabinet</b> & published."},
    headers={"Authorization": f"Bearer {TOKEN}", "If-Match": f'"{version}"'},
    timeout=10,
)
check(response.status_code == 200, f"the edit: {response.status_code} {response.text[:200]}")

for query in ["", "region=africa", "country=GHA", "kind=national-strategy", "theme=social-protection"]:
    for lang in ["en", "ar"]:
        url = f"{BASE}/feeds/changes.atom?lang={lang}&{query}"
        response = requests.get(url, timeout=10)
        check(response.status_code == 200, f"{url}: {response.status_code}")
        feed = feedparser.parse(response.content)
        check(not feed.bozo, f"{url}: not well-formed: {feed.get('bozo_exception')}")
        check(feed.version == "atom10", f"{url}: version {feed.version}")
        check(feed.feed.get("language") == lang, f"{url}: language {feed.feed.get('language')}")
        if query in ("", "region=africa", "country=GHA", "kind=national-strategy"):
            check(len(feed.entries) >= 1, f"{url}: no entry")
        for entry in feed.entries[:1]:
            check(entry.get("author"), f"{url}: no author")
            check(any(l.get("href", "").endswith("/countries/GHA") for l in entry.links), f"{url}: no link to the country page")
            check(any(l.get("href") == "https://ghana.un.org/en/strategy" for l in entry.links), f"{url}: no evidence link")
            content = entry.content[0]["value"] if entry.get("content") else ""
            check("<b>" not in content, f"{url}: the note's markup came through: {content[:200]}")
        etag = response.headers.get("ETag")
        again = requests.get(url, headers={"If-None-Match": etag or ""}, timeout=10)
        check(again.status_code == 304, f"{url}: polling with the ETag got {again.status_code}")

if failures:
    print("fuzz: feeds:", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print("fuzz: feeds read by feedparser: every feed well-formed")

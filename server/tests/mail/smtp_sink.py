#!/usr/bin/env python3
"""A real SMTP server on loopback for the server's integration tests
(aiosmtpd, from PyPI), which parses every message it takes with Python's
`email` package and writes what it found as one JSON file per message.

    smtp_sink.py MODE OUT_DIR [PORT]

MODE: `accept` takes every message; `refuse` answers 550 to every recipient
(a permanent refusal); `defer` answers 451 (a temporary one). It prints its
port on the first line once it listens, and runs until killed.

Each file, `OUT_DIR/<n>.json`: the envelope (`mail_from`, `rcpt_tos`), the
headers a test checks (`to`, `from`, `cc`, `bcc`, `subject`, `message_id`,
`content_language`, `auto_submitted`, `list_unsubscribe`,
`list_unsubscribe_post`), the `text` and `html` parts (decoded), the
parts' content types, and every `links` in the HTML part.
"""
import asyncio
import email
import email.policy
import json
import os
import re
import sys

from aiosmtpd.controller import Controller


def parse(raw: bytes) -> dict:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    html_text = html.get_content() if html is not None else ""
    return {
        "to": str(message.get("To", "")),
        "from": str(message.get("From", "")),
        "cc": str(message.get("Cc", "")),
        "bcc": str(message.get("Bcc", "")),
        "subject": str(message.get("Subject", "")),
        "message_id": str(message.get("Message-ID", "")),
        "content_language": str(message.get("Content-Language", "")),
        "auto_submitted": str(message.get("Auto-Submitted", "")),
        "list_unsubscribe": str(message.get("List-Unsubscribe", "")),
        "list_unsubscribe_post": str(message.get("List-Unsubscribe-Post", "")),
        "content_type": message.get_content_type(),
        "parts": [part.get_content_type() for part in message.walk()],
        "text": text.get_content() if text is not None else "",
        "html": html_text,
        "links": re.findall(r'href="([^"]*)"', html_text),
    }


class Handler:
    def __init__(self, mode: str, out: str):
        self.mode = mode
        self.out = out
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "550 5.1.1 No such mailbox here"
        if self.mode == "defer":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        found = parse(envelope.original_content or envelope.content)
        found["mail_from"] = envelope.mail_from
        found["rcpt_tos"] = envelope.rcpt_tos
        self.count += 1
        path = os.path.join(self.out, f"{self.count:04}.json")
        with open(path + ".part", "w", encoding="utf-8") as f:
            json.dump(found, f, ensure_ascii=False)
        os.replace(path + ".part", path)
        return "250 Message accepted"


def main() -> None:
    mode, out = sys.argv[1], sys.argv[2]
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if port == 0:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    controller = Controller(Handler(mode, out), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

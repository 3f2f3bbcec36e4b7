"""One of two processes logging interactions into the same file at the same time.

Usage: ``python _logger.py DB CONTACT_ID COUNT TAG``; waits for a line on stdin, then logs
COUNT interactions and prints the id of each after it is committed.
"""

from __future__ import annotations

import sys

from leadtemp.service import LeadService

KINDS = ("website_visit", "email_reply", "pricing_request", "content_download")


def main() -> None:
    path, contact_id, count, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    service = LeadService.open(path)
    print("ready", flush=True)
    sys.stdin.readline()
    for number in range(count):
        change = service.log_interaction(contact_id, KINDS[number % len(KINDS)], note=f"{tag} {number}")
        print(f"ack {change.interaction_id}", flush=True)
    service.close()


if __name__ == "__main__":
    main()

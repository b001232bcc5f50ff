#!/usr/bin/env python3
"""Verify an export of vextrus-flow's audit trail with no code of vextrus-flow's.

    python3 tools/verify_audit_export.py EXPORT.ndjson

Each line is one audit record as `vextrus-flow audit export` writes it. For each chain the
records must follow each other (seq + 1), each prev_hash must be the previous record's hash, and
each hash must be the lowercase hex SHA-256 of the UTF-8 bytes of prev_hash followed by the record
without `hash` in RFC 8785 (JCS) form: members sorted, no spaces, strings as JSON writes them
(docs/audit.md, "The hash, precisely"). The records' keys are ASCII and their numbers integers, so
Python's sort_keys order and number text are JCS's. Exit 0 when every segment verifies, 1 at the
first break (printed), 2 on bad usage. Standard library only.
"""
import hashlib
import json
import sys


def canonical(record):
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def main(path):
    chains = {}  # chain -> (first seq, last seq, hash of the last record)
    with open(path, encoding="utf-8") as export:
        for number, line in enumerate(export, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            stated = record.pop("hash")
            chain, seq, prev = record["chain"], record["seq"], record["prev_hash"]
            if chain in chains:
                first, last, last_hash = chains[chain]
                if seq != last + 1:
                    return broken(number, chain, seq, f"seq {seq} after {last}")
                if prev != last_hash:
                    return broken(number, chain, seq, f"prev_hash {prev} is not the previous hash {last_hash}")
            else:
                first = seq
            computed = hashlib.sha256((prev + canonical(record)).encode("utf-8")).hexdigest()
            if computed != stated:
                return broken(number, chain, seq, f"hash {stated} but SHA-256 gives {computed}")
            chains[chain] = (first, seq, stated)
    for chain, (first, last, last_hash) in sorted(chains.items()):
        print(f"{chain}: seq {first}..{last} verify, last hash {last_hash}")
    print(f"ok: {len(chains)} chains")
    return 0


def broken(number, chain, seq, what):
    print(f"BROKEN at line {number}: chain {chain} seq {seq}: {what}")
    return 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0])
        print("usage: python3 tools/verify_audit_export.py EXPORT.ndjson")
        sys.exit(2)
    sys.exit(main(sys.argv[1]))

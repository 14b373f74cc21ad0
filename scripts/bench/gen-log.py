#!/usr/bin/env python3
"""Writes a valid consent log (canonical record lines, hash chain, 64 MiB segments).

Usage: gen-log.py DIR [--records N] [--visitors V] [--segment-bytes B]

Every line is exactly what the service's RecordLineEncoder writes: keys in fixed order,
no spaces, `prev` = hex SHA-256 of the previous line without its newline (64 zeros for
the first). Times start 30 days ago, 1 ms apart, so no retention sweep deletes them.
"""
import argparse, hashlib, os, time, uuid, random

def fmt_time(ms):
    t = time.gmtime(ms // 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", t) + ".%03dZ" % (ms % 1000)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--visitors", type=int, default=None, help="distinct visitors (default: one per record)")
    ap.add_argument("--segment-bytes", type=int, default=64 * 1024 * 1024)
    a = ap.parse_args()
    visitors = a.visitors or a.records
    os.makedirs(a.dir, exist_ok=True)
    rng = random.Random(42)
    prev = "0" * 64
    start_ms = int(time.time() * 1000) - 30 * 86_400_000
    seg = None
    seg_size = 0
    for seq in range(1, a.records + 1):
        v = (seq - 1) % visitors
        f, an, tg = (rng.random() < 0.6), (rng.random() < 0.4), (rng.random() < 0.3)
        withdraw = rng.random() < 0.02
        if withdraw:
            f = an = tg = False
        gpc = '"1"' if rng.random() < 0.05 else "null"
        if gpc != "null":
            tg = False
        b = lambda x: "true" if x else "false"
        line = ('{"seq":%d,"time":"%s","consentId":"%s","visitorId":"v%021d","action":"%s",'
                '"choices":{"functionality":%s,"analytics":%s,"targeting":%s},"catalogueVersion":"%s",'
                '"categoryVersions":{"essential":"e1","functionality":"f1","analytics":"a1","targeting":"t1"},'
                '"gpc":%s,"gpcApplied":%s,"source":"banner","locale":"en-GB","noticeVersion":"2026-01","prev":"%s"}') % (
            seq, fmt_time(start_ms + seq), uuid.UUID(int=rng.getrandbits(128), version=4), v,
            "withdraw" if withdraw else "grant", b(f), b(an), b(tg),
            "cat-%d" % (seq * 3 // a.records), gpc, b(gpc != "null"), prev)
        data = line.encode() + b"\n"
        if seg is None or (seg_size + len(data) > a.segment_bytes and seg_size > 0):
            if seg:
                seg.close()
            seg = open(os.path.join(a.dir, "segment-%020d.log" % seq), "wb")
            seg_size = 0
        seg.write(data)
        seg_size += len(data)
        prev = hashlib.sha256(line.encode()).hexdigest()
    if seg:
        seg.close()
    print("wrote %d records, head %s" % (a.records, prev))

if __name__ == "__main__":
    main()

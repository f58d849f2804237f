"""Adds the wall seconds and peak resident memory that /usr/bin/time -f '%e %M' wrote to the RESULT line of a
process's output. Usage: python3 with_time.py OUTPUT TIME_TXT
"""
import json
import sys

out, time_txt = sys.argv[1:3]
line = next(line for line in open(out) if line.startswith("RESULT "))
result = json.loads(line[len("RESULT "):])
t = open(time_txt).read().split()
result["process_s"], result["peak_rss_mb"] = float(t[-2]), round(int(t[-1]) / 1024)
print("RESULT " + json.dumps(result))

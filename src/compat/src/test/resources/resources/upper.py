# Minimal Storm multilang bolt (what storm.py does): upper-cases field 1, emits anchored, acks.
import json, os, sys

def read():
    lines = []
    while True:
        line = sys.stdin.readline()
        if not line:
            sys.exit(0)
        if line.strip() == "end":
            return json.loads("\n".join(lines))
        lines.append(line)

def send(msg):
    sys.stdout.write(json.dumps(msg) + "\nend\n")
    sys.stdout.flush()

setup = read()
open(os.path.join(setup["pidDir"], str(os.getpid())), "w").close()
send({"pid": os.getpid()})
while True:
    t = read()
    if t.get("task") == -1 and t.get("stream") == "__heartbeat":
        send({"command": "sync"})
        continue
    send({"command": "emit", "anchors": [t["id"]], "tuple": [t["tuple"][0], t["tuple"][1].upper()], "need_task_ids": False})
    send({"command": "ack", "id": t["id"]})

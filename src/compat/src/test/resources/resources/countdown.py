# Minimal Storm multilang spout (what storm.py's Spout does): emits `countdown.n` tuples with message ids, then
# nothing; writes every id Storm acks to `countdown.acks`, so the test sees acks reached the script.
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
n = int(setup["conf"]["countdown.n"])
acks = open(setup["conf"]["countdown.acks"], "a")
queue = ["m%d" % i for i in range(n)]
while True:
    cmd = read()
    if cmd["command"] == "next" and queue:
        i = queue.pop(0)
        send({"command": "emit", "id": i, "tuple": [i, int(i[1:]) % 3], "need_task_ids": False})
    elif cmd["command"] == "ack":
        acks.write(cmd["id"] + "\n")
        acks.flush()
    elif cmd["command"] == "fail":
        queue.append(cmd["id"])
    send({"command": "sync"})

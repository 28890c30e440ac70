# Minimal Storm multilang spout: emits `countdown.n` tuples with message ids, then nothing; writes every id Storm
# acks to `countdown.acks`, so the test sees acks reached the script.
from multilang import handshake, read, send

setup = handshake()
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

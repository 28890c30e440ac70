# Minimal Storm multilang bolt: upper-cases field 1, emits anchored, acks.
from multilang import handshake, read, send

handshake()
while True:
    t = read()
    if t.get("task") == -1 and t.get("stream") == "__heartbeat":
        send({"command": "sync"})
        continue
    send({"command": "emit", "anchors": [t["id"]], "tuple": [t["tuple"][0], t["tuple"][1].upper()], "need_task_ids": False})
    send({"command": "ack", "id": t["id"]})
